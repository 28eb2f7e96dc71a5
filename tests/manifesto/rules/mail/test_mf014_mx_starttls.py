"""MF014 (the MX offers STARTTLS and does not require it), on models built in code."""

from __future__ import annotations

from mail_endpoints import service
from model_builders import setting
from rule_checks import check_rule, findings_of
from tls_manifesto.model import Setting
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


def test_required_tls_cites_its_line_or_else_the_service() -> None:
    encrypt = setting(True, 40, "smtpd_tls_security_level = encrypt")
    at_line = check_rule("MF014", service("smtp", 12, tls_required=encrypt), chapter="mail")
    (finding,) = at_line.findings
    assert (finding.line, [e.line for e in finding.evidence]) == (40, [40])
    no_line = service("smtp", 12, tls_required=Setting(True, ()))
    (finding,) = check_rule("MF014", no_line, chapter="mail").findings
    assert (finding.line, [e.line for e in finding.evidence]) == (12, [12])


def test_no_starttls_says_how_to_offer_it_and_cites_the_line_that_turns_it_off() -> None:
    none = setting(False, 40, "smtpd_tls_security_level = none")
    verdict = check_rule("MF014", service("smtp", 12, starttls_offered=none), chapter="mail")
    (finding,) = verdict.findings
    assert finding.detail == (
        "every message arrives in clear; offer STARTTLS with a certificate"
        " (Postfix: smtpd_tls_security_level = may, smtpd_tls_chain_files)"
    )
    assert [e.line for e in finding.evidence] == [40]
