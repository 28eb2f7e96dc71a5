"""MF015 (submission requires TLS; authentication only over TLS), on models built in code."""

from __future__ import annotations

from mail_endpoints import service
from model_builders import setting
from rule_checks import check_rule, findings_of
from tls_manifesto.model import Setting
from tls_manifesto.verdicts import Status


def test_required_starttls_and_wrapper_mode_pass() -> None:
    submission = service("submission", 15, tls_required=setting(True, 16, "-o ..._level=encrypt"))
    submissions = service("submissions", 20, direct_tls=setting(True, 21, "-o ..._wrappermode=yes"))
    verdict = check_rule("MF015", submission, submissions, chapter="mail")
    assert verdict.status is Status.PASS
    assert [e.line for e in verdict.evidence] == [16, 21]


def test_submission_with_optional_tls_fails_and_so_does_auth_before_tls() -> None:
    submission = service(
        "submission",
        15,
        starttls_offered=setting(True, 40, "smtpd_tls_security_level = may"),
        auth_offered=setting(True, 16, "-o smtpd_sasl_auth_enable=yes"),
    )
    verdict = check_rule("MF015", submission, chapter="mail", default_cleartext_auth=True)
    messages = {f[2] for f in findings_of(verdict)}
    assert messages == {
        "submission does not require TLS",
        "clients can authenticate before TLS by default",
    }


def test_auth_only_after_tls_on_the_mx_passes() -> None:
    mx = service(
        "smtp",
        12,
        starttls_offered=setting(True, 40, "smtpd_tls_security_level = may"),
        auth_offered=setting(True, 41, "smtpd_sasl_auth_enable = yes"),
        cleartext_auth_allowed=setting(False, 42, "smtpd_tls_auth_only = yes"),
    )
    verdict = check_rule("MF015", mx, chapter="mail")
    assert verdict.status is Status.PASS
    assert [e.line for e in verdict.evidence] == [42]


def test_an_unknown_auth_default_fails() -> None:
    mx = service("smtp", 12, auth_offered=setting(True, 41, "smtpd_sasl_auth_enable = yes"))
    verdict = check_rule("MF015", mx, chapter="mail", default_cleartext_auth=None)
    assert verdict.status is Status.FAIL
    assert "the default of" in findings_of(verdict)[0][2]


def test_an_mx_without_auth_is_not_judged() -> None:
    assert check_rule("MF015", service("smtp", 12), chapter="mail").status is (
        Status.NOT_APPLICABLE
    )


def test_optional_tls_on_submission_says_how_to_require_it_and_cites_the_level() -> None:
    may = setting(False, 16, "-o smtpd_tls_security_level=may")
    verdict = check_rule("MF015", service("submission", 15, tls_required=may), chapter="mail")
    ((severity, line, message, detail),) = findings_of(verdict)
    assert (severity, line, message) == ("error", 15, "submission does not require TLS")
    assert detail == (
        "clients may send their password and mail in clear; require TLS"
        " (Postfix: -o smtpd_tls_security_level=encrypt on submission, or"
        " smtpd_tls_wrappermode=yes on submissions, RFC 8314)"
    )
    assert [e.line for e in verdict.findings[0].evidence] == [16]


def test_wrapper_mode_without_a_line_cites_the_service() -> None:
    submissions = service("submissions", 20, direct_tls=Setting(True, ()))
    verdict = check_rule("MF015", submissions, chapter="mail")
    assert verdict.status is Status.PASS
    assert [e.line for e in verdict.evidence] == [20]


def test_an_mx_requiring_tls_lets_no_client_authenticate_before_it() -> None:
    mx = service(
        "smtp",
        12,
        tls_required=setting(True, 40, "smtpd_tls_security_level = encrypt"),
        auth_offered=setting(True, 41, "smtpd_sasl_auth_enable = yes"),
    )
    verdict = check_rule("MF015", mx, chapter="mail", default_cleartext_auth=True)
    assert (verdict.status, verdict.findings) == (Status.PASS, ())


def test_an_unknown_auth_default_fails_at_the_service_and_names_what_is_missing() -> None:
    mx = service("smtp", 12, auth_offered=setting(True, 41, "smtpd_sasl_auth_enable = yes"))
    verdict = check_rule("MF015", mx, chapter="mail", default_cleartext_auth=None)
    assert findings_of(verdict)[0][:3] == (
        "error",
        12,
        "no setting for whether clients may authenticate before TLS set, and the default"
        " of ejabberd 99.1 is not known",
    )
