"""MF006 and MF007 on models built in code, and the DH parameter reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_loading import FIXTURES
from model_builders import config, profile, setting, tls_listener
from tls_manifesto.rules import CheckOptions, dh_parameters, ecdh_curves
from tls_manifesto.tls.dhparams import DhParamsError, read_dh_parameters
from tls_manifesto.verdicts import Severity, Status

DHE = "DHE-RSA-AES128-GCM-SHA256"


def test_dh_reader_measures_the_prime() -> None:
    assert read_dh_parameters(FIXTURES / "MF006" / "dh2048.pem").prime_bits == 2048
    assert read_dh_parameters(FIXTURES / "MF006" / "dh1024.pem").prime_bits == 1024


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("hello\n", "no '-----BEGIN DH PARAMETERS-----' block"),
        ("-----BEGIN DH PARAMETERS-----\nMIIB\n", "without"),
        ("-----BEGIN DH PARAMETERS-----\n!!!!\n-----END DH PARAMETERS-----\n", "bad base64"),
        ("-----BEGIN DH PARAMETERS-----\nAgEB\n-----END DH PARAMETERS-----\n", "not a DER"),
    ],
)
def test_dh_reader_names_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "dh.pem"
    bad.write_text(content)
    with pytest.raises(DhParamsError, match=message) as caught:
        read_dh_parameters(bad)
    assert str(bad) in str(caught.value)


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


def test_strong_curves_pass_and_cite_the_curve_line() -> None:
    endpoint = tls_listener(ecdh_curves=setting(("X25519", "P-256", "secp384r1"), 14))
    verdict = ecdh_curves.RULE.check(config(endpoint), CheckOptions())
    assert verdict.status is Status.PASS and [e.line for e in verdict.evidence] == [14]


def test_weak_and_unknown_curves_fail() -> None:
    endpoint = tls_listener(ecdh_curves=setting(("X25519", "secp192r1", "curve9"), 14))
    findings = ecdh_curves.RULE.check(config(endpoint), CheckOptions()).findings
    severities = {f.severity: f.text for f in findings}
    assert "secp192r1" in severities[Severity.ERROR]
    assert "curve9" in severities[Severity.WARNING]


def test_no_curve_list_is_not_applicable() -> None:
    verdict = ecdh_curves.RULE.check(config(tls_listener()), CheckOptions())
    assert verdict.status is Status.NOT_APPLICABLE
