"""MF006 (DH parameters) on models built in code: DHE with and without a DH file."""

from __future__ import annotations

from model_builders import config, profile, setting, tls_listener
from tls_manifesto.rules import CheckOptions, dh_parameters
from tls_manifesto.verdicts import Severity, Status

DHE = "DHE-RSA-AES128-GCM-SHA256"


def test_dhe_without_dh_file_fails_at_the_listener() -> None:
    verdict = dh_parameters.RULE.check(
        config(tls_listener(ciphers=setting(DHE, 12))), CheckOptions()
    )
    (finding,) = verdict.findings
    assert finding.line == 10 and "without a DH parameters file" in finding.text


def test_no_dhe_suite_means_not_applicable() -> None:
    only_ecdhe = config(tls_listener(ciphers=setting("ECDHE-RSA-AES128-GCM-SHA256", 12)))
    assert dh_parameters.RULE.check(only_ecdhe, CheckOptions()).status is Status.NOT_APPLICABLE


def test_missing_dh_file_warns_and_still_cites_the_line() -> None:
    endpoint = tls_listener(
        ciphers=setting(DHE, 12), dh_params_file=setting("/nonexistent/dh.pem", 13)
    )
    verdict = dh_parameters.RULE.check(config(endpoint), CheckOptions())
    assert verdict.status is Status.WARN and [e.line for e in verdict.evidence] == [13]
    (finding,) = verdict.findings
    assert finding.severity is Severity.WARNING and finding.line == 13
    assert "not there to measure" in finding.text


def test_server_that_cannot_set_dh_params_is_told_to_drop_dhe() -> None:
    server = profile(can_set_dh_params=False)
    endpoint = tls_listener(ciphers=setting(DHE, 12))
    (finding,) = dh_parameters.RULE.check(config(endpoint, server=server), CheckOptions()).findings
    assert "!kEDH" in finding.text
