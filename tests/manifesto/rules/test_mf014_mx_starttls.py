"""MF014 (the MX offers STARTTLS and does not require it), on models built in code."""

from __future__ import annotations

from mail_endpoints import service
from model_builders import setting
from rule_checks import check_rule, findings_of
from tls_manifesto.verdicts import Status


def test_starttls_offered_passes_and_is_cited() -> None:
    mx = service("smtp", 12, starttls_offered=setting(True, 40, "smtpd_tls_security_level = may"))
    verdict = check_rule("MF014", mx, chapter="mail")
    assert verdict.status is Status.PASS
    assert [e.line for e in verdict.evidence] == [40]


def test_encrypt_on_the_mx_is_a_finding_not_a_virtue() -> None:
    mx = service(
        "smtp",
        12,
        starttls_offered=setting(True, 40, "smtpd_tls_security_level = encrypt"),
        tls_required=setting(True, 40, "smtpd_tls_security_level = encrypt"),
    )
    verdict = check_rule("MF014", mx, chapter="mail")
    ((severity, line, message, detail),) = findings_of(verdict)
    assert (severity, line, message) == ("error", 40, "the MX requires TLS")
    assert "RFC 3207" in detail


def test_an_mx_without_starttls_fails() -> None:
    verdict = check_rule("MF014", service("smtp", 12), chapter="mail")
    assert findings_of(verdict)[0][1:3] == (12, "the MX offers no STARTTLS")


def test_submission_alone_leaves_the_rule_not_applicable() -> None:
    verdict = check_rule("MF014", service("submission", 15), chapter="mail")
    assert verdict.status is Status.NOT_APPLICABLE
