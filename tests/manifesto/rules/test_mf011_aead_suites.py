"""MF011 (AEAD suites only), on models built in code."""

from __future__ import annotations

from model_builders import setting, tls_listener
from rule_checks import BELOW_TLS_1_3, check_rule, findings_of
from tls_manifesto.verdicts import Status

AEAD_ONLY = "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM"
WITH_CBC = "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA"


def test_an_aead_only_list_passes_and_cites_its_line() -> None:
    verdict = check_rule("MF011", tls_listener(ciphers=setting(AEAD_ONLY, 12)), chapter="web")
    assert verdict.status is Status.PASS
    assert [e.line for e in verdict.evidence] == [12]


def test_a_cbc_suite_fails_and_is_named() -> None:
    verdict = check_rule("MF011", tls_listener(ciphers=setting(WITH_CBC, 12)), chapter="mail")
    assert verdict.status is Status.FAIL
    ((severity, line, message, detail),) = findings_of(verdict)
    assert (severity, line) == ("error", 12)
    assert message == "non-AEAD suites offered: ECDHE-RSA-AES128-SHA"
    assert detail.startswith("keep only AEAD suites")


def test_a_default_list_with_cbc_suites_says_by_default() -> None:
    verdict = check_rule("MF011", tls_listener(), chapter="web", default_ciphers="HIGH:!aNULL")
    assert findings_of(verdict)[0][2].startswith("non-AEAD suites offered by default: ")


def test_an_endpoint_speaking_only_tls13_passes_whatever_its_list() -> None:
    refused = setting(BELOW_TLS_1_3, 16, "ssl_protocols TLSv1.3;")
    endpoint = tls_listener(disabled_protocols=refused, ciphers=setting(WITH_CBC, 12))
    verdict = check_rule("MF011", endpoint, chapter="web")
    assert verdict.status is Status.PASS
    assert [e.line for e in verdict.evidence] == [16]
