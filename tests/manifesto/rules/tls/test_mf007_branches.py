"""MF007 (ECDH curves) on models built in code: the verdicts, and the branches no fixture
config reaches."""

from __future__ import annotations

from model_builders import PATH, config, setting, tls_listener
from rule_checks import check_rule
from tls_manifesto.model import Evidence, Setting
from tls_manifesto.rules import CheckOptions, ecdh_curves
from tls_manifesto.verdicts import Severity, Status


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


def test_the_same_line_number_in_two_files_is_two_settings() -> None:
    main = setting(("secp192r1",), 14)
    other = Setting(("secp192r1",), (Evidence("unit/other.yml", 14, "curve"),))
    verdict = check_rule(
        "MF007",
        tls_listener(ecdh_curves=main),
        tls_listener(name="outgoing s2s", role="s2s-out", ecdh_curves=other),
    )
    assert [(f.path, f.endpoint) for f in verdict.findings] == [
        (PATH, "listener 5222"),
        ("unit/other.yml", "outgoing s2s"),
    ]


def test_a_curve_list_without_a_line_is_still_judged() -> None:
    verdict = check_rule("MF007", tls_listener(ecdh_curves=Setting(("secp192r1",), ())))
    assert verdict.status is Status.FAIL
