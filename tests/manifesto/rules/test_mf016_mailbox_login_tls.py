"""MF016 (IMAP and POP3 require TLS before login), on models built in code."""

from __future__ import annotations

from mail_endpoints import service
from model_builders import setting
from rule_checks import check_rule, findings_of
from tls_manifesto.verdicts import Status

STARTTLS = setting(True, 8, "ssl = yes")


def test_implicit_tls_and_required_tls_pass() -> None:
    imaps = service("imap", 30, direct_tls=setting(True, 31, "ssl = yes"))
    pop3 = service(
        "pop3", 33, starttls_offered=STARTTLS, tls_required=setting(True, 8, "ssl = required")
    )
    verdict = check_rule("MF016", imaps, pop3, chapter="mail")
    assert verdict.status is Status.PASS
    assert [e.line for e in verdict.evidence] == [8, 31]


def test_refused_plaintext_login_passes_by_the_default() -> None:
    imap = service("imap", 30, starttls_offered=STARTTLS)
    verdict = check_rule("MF016", imap, chapter="mail", default_cleartext_auth=False)
    assert verdict.status is Status.PASS


def test_plaintext_login_allowed_fails_at_its_line() -> None:
    allowed = setting(True, 12, "disable_plaintext_auth = no")
    imap = service("imap", 30, starttls_offered=STARTTLS, cleartext_auth_allowed=allowed)
    verdict = check_rule("MF016", imap, chapter="mail", default_cleartext_auth=False)
    ((severity, line, message, _),) = findings_of(verdict)
    assert (severity, line, message) == ("error", 12, "clients can log in before TLS")


def test_a_service_without_tls_fails() -> None:
    verdict = check_rule("MF016", service("pop3", 33), chapter="mail")
    assert findings_of(verdict)[0][1:3] == (33, "POP3 without TLS")
