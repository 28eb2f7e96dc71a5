"""MF011 (AEAD suites only), on models built in code."""

from __future__ import annotations

from model_builders import PATH, setting, tls_listener
from rule_checks import BELOW_TLS_1_3, check_rule, findings_of
from tls_manifesto.model import Evidence
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


def _listener(name: str, line: int, **fields: object):
    return tls_listener(name=name, evidence=(Evidence(PATH, line, name),), **fields)


def test_every_endpoint_is_judged_after_a_passing_a_shared_or_an_unknown_one() -> None:
    refused = setting(BELOW_TLS_1_3, 16, "ssl_protocols TLSv1.3;")
    aead = setting(AEAD_ONLY, 12)
    verdict = check_rule(
        "MF011",
        _listener("site a", 30, disabled_protocols=refused),
        _listener("site b", 31),  # no cipher list, and no known default
        _listener("site c", 32, ciphers=aead),
        _listener("site d", 33, ciphers=aead),  # the same line: judged once
        _listener("site e", 34, ciphers=setting(WITH_CBC, 22)),
        chapter="web",
    )
    assert [(f[1], f[2]) for f in findings_of(verdict)] == [
        (22, "non-AEAD suites offered: ECDHE-RSA-AES128-SHA"),
        (31, "no cipher list set, and the default of ejabberd 99.1 is not known"),
    ]


def test_an_unknown_default_list_fails_at_the_endpoint_and_says_how_to_settle_it() -> None:
    verdict = check_rule("MF011", tls_listener(), chapter="mail")
    assert findings_of(verdict) == [
        (
            "error",
            10,
            "no cipher list set, and the default of ejabberd 99.1 is not known",
            "the table has no cipher list default for ejabberd 99.1; set it, or name a known "
            "version with --server-version",
        )
    ]


def test_a_cipher_string_openssl_refuses_says_so_and_how_to_fix_it() -> None:
    verdict = check_rule("MF011", tls_listener(ciphers=setting("aNULL:!aNULL", 12)), chapter="web")
    ((severity, line, message, detail),) = findings_of(verdict)
    assert (severity, line) == ("error", 12)
    assert message.startswith("cipher list does not expand: ")
    assert detail.startswith("fix the cipher string; cipher list 'aNULL:!aNULL'; ")


def test_a_long_list_is_shortened_in_the_message_and_given_whole_in_the_detail() -> None:
    cbc = "AES128-SHA:AES256-SHA:AES128-SHA256:AES256-SHA256"
    verdict = check_rule("MF011", tls_listener(ciphers=setting(cbc, 12)), chapter="web")
    ((_, _, message, detail),) = findings_of(verdict)
    assert message == "non-AEAD suites offered: AES128-SHA, AES256-SHA ... and 2 more"
    assert "; all of them: AES128-SHA, AES256-SHA, AES128-SHA256, AES256-SHA256; " in detail


def test_a_finding_cites_the_cipher_line_not_the_endpoint() -> None:
    verdict = check_rule("MF011", tls_listener(ciphers=setting(WITH_CBC, 12)), chapter="web")
    (finding,) = verdict.findings
    assert [e.line for e in finding.evidence] == [12]


def test_a_shared_line_is_one_finding_naming_its_endpoints_in_order() -> None:
    shared = setting(WITH_CBC, 12)
    verdict = check_rule(
        "MF011",
        _listener("listener 5269", 20, ciphers=shared),
        _listener("listener 5222", 10, ciphers=shared),
        chapter="web",
    )
    (finding,) = verdict.findings
    assert (finding.line, finding.endpoint) == (12, None)
    assert finding.endpoints == ("listener 5222", "listener 5269")
