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


def test_a_service_without_tls_says_how_to_enable_it_and_the_next_is_still_judged() -> None:
    allowed = setting(True, 12, "disable_plaintext_auth = no")
    imap = service("imap", 30, starttls_offered=STARTTLS, cleartext_auth_allowed=allowed)
    verdict = check_rule("MF016", service("pop3", 33), imap, chapter="mail")
    assert findings_of(verdict) == [
        (
            "error",
            12,
            "clients can log in before TLS",
            "passwords cross the network in clear; set ssl = required, or refuse plaintext"
            " login (Dovecot 2.3: disable_plaintext_auth = yes; 2.4: auth_allow_cleartext = no)",
        ),
        (
            "error",
            33,
            "POP3 without TLS",
            "enable TLS (Dovecot: ssl = required, with ssl_cert and ssl_key)",
        ),
    ]
    assert [e.line for e in verdict.findings[0].evidence] == [12]


def test_a_service_the_server_requires_tls_on_by_default_is_not_without_tls() -> None:
    verdict = check_rule(
        "MF016",
        service("imap", 30),
        chapter="mail",
        default_tls_required=frozenset({"imap"}),
        default_cleartext_auth=False,
    )
    assert verdict.status is Status.PASS


def test_an_unknown_login_default_fails_at_the_service() -> None:
    imap = service("imap", 30, starttls_offered=STARTTLS)
    verdict = check_rule("MF016", imap, chapter="mail", default_cleartext_auth=None)
    assert findings_of(verdict)[0][:3] == (
        "error",
        30,
        "no setting for whether clients may log in before TLS set, and the default of"
        " ejabberd 99.1 is not known",
    )


def test_tls_required_by_the_versions_default_passes_without_a_login_setting() -> None:
    imap = service("imap", 30, starttls_offered=STARTTLS)
    verdict = check_rule(
        "MF016", imap, chapter="mail", default_tls_required=frozenset({"imap"}),
        default_cleartext_auth=None,
    )  # fmt: skip
    assert verdict.status is Status.PASS, verdict
