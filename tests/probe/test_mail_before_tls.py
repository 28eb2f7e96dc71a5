"""What the probe sees of a mail server before TLS, against scripted SMTP, IMAP and POP3 peers."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from mail_peer import MailPeer
from support.probe_cli import assert_one_line_error, run_probe
from tls_manifesto.probe.mail.before_tls import mail_domain, observe_before_tls
from tls_manifesto.probe.results import MailProtocol
from tls_manifesto.probe.target import Target

POSTFIX_GREETING = "220 localhost ESMTP Postfix (Debian/GNU)"
EHLO_MAY = "250-localhost\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME"
EHLO_AUTH_IN_CLEAR = "250-localhost\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME"
SMTP_OK = {
    "MAIL": "250 2.1.0 Ok",
    "RCPT": "250 2.1.5 Ok",
    "RSET": "250 2.0.0 Ok",
    "QUIT": "221 Bye",
}
DOVECOT_IMAP = "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot (Debian) ready."
PRIVACY = "{tag} NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections."  # noqa: E501


@pytest.fixture
def mail_peer() -> Iterator:
    started: list[MailPeer] = []

    def start(greeting: str, replies: dict[str, str]) -> MailPeer:
        started.append(MailPeer(greeting, replies).start())
        return started[-1]

    yield start
    for peer in started:
        peer.stop()


def observe(peer: MailPeer, protocol: MailProtocol, source: str | None = None):
    target = Target("127.0.0.1", peer.port, "127.0.0.1", source)
    return observe_before_tls(target, protocol, "localhost", 5.0)


def test_an_mx_that_offers_starttls_takes_mail_in_the_clear_and_gets_no_data(mail_peer) -> None:
    replies = {"EHLO": EHLO_MAY, "AUTH": "503 5.5.1 Error: authentication not enabled", **SMTP_OK}
    peer = mail_peer(POSTFIX_GREETING, replies)
    seen = observe(peer, "smtp")
    assert seen.starttls_offered and seen.mail_accepted
    assert seen.login_outcome == "not offered" and not seen.login_in_the_clear
    assert [line.split()[0] for line in peer.finished()] == [
        "EHLO",
        "AUTH",
        "MAIL",
        "RCPT",
        "RSET",
        "QUIT",
    ]
    assert "RCPT TO:<postmaster@localhost>" in peer.seen


def test_submission_that_checks_a_password_before_tls_is_a_login_in_the_clear(mail_peer) -> None:
    replies = {
        "EHLO": EHLO_AUTH_IN_CLEAR,
        "AUTH": "535 5.7.8 Error: authentication failed: authentication failure",
        **SMTP_OK,
        "RCPT": "554 5.7.1 <postmaster@localhost>: Relay access denied",
    }
    seen = observe(mail_peer(POSTFIX_GREETING, replies), "smtp")
    assert seen.auth_mechanisms == ("PLAIN", "LOGIN")
    assert seen.login_outcome == "credentials" and seen.login_in_the_clear
    assert seen.mail_accepted is False


def test_submission_that_requires_tls_refuses_everything_for_policy(mail_peer) -> None:
    must = "530 5.7.0 Must issue a STARTTLS command first"
    replies = {"EHLO": EHLO_MAY, "AUTH": must, "MAIL": must, "RSET": "250 2.0.0 Ok"}
    seen = observe(mail_peer(POSTFIX_GREETING, replies), "smtp")
    assert seen.login_outcome == "policy"
    assert seen.mail_accepted is False and seen.mail_reply == must


def test_imap_logindisabled_and_privacyrequired_is_a_policy_refusal(mail_peer) -> None:
    replies = {
        "CAPABILITY": "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\n{tag} OK done",
        "LOGIN": PRIVACY,
        "LOGOUT": "* BYE\r\n{tag} OK bye",
    }
    seen = observe(mail_peer(DOVECOT_IMAP, replies), "imap")
    assert seen.login_disabled is True and seen.auth_mechanisms == ()
    assert seen.login_outcome == "policy" and not seen.login_in_the_clear


def test_imap_that_checks_credentials_in_the_clear(mail_peer) -> None:
    replies = {
        "CAPABILITY": "* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\n{tag} OK done",
        "LOGIN": "{tag} NO [AUTHENTICATIONFAILED] Authentication failed.",
    }
    seen = observe(mail_peer(DOVECOT_IMAP, replies), "imap")
    assert seen.login_disabled is False and seen.auth_mechanisms == ("PLAIN",)
    assert seen.login_outcome == "credentials" and seen.login_in_the_clear


def test_pop3_capa_is_read_to_its_dot_and_user_pass_is_tried(mail_peer) -> None:
    replies = {
        "CAPA": "+OK\r\nTOP\r\nSTLS\r\nUSER\r\nSASL PLAIN\r\n.",
        "USER": "+OK",
        "PASS": "-ERR [AUTH] Authentication failed.",
        "QUIT": "+OK Logging out.",
    }
    seen = observe(mail_peer("+OK Dovecot (Debian) ready.", replies), "pop3")
    assert seen.capabilities == ("TOP", "STLS", "USER", "SASL PLAIN")
    assert seen.starttls_offered and seen.auth_mechanisms == ("PLAIN",)
    assert seen.login_outcome == "credentials"


def test_the_checks_before_tls_come_from_the_chosen_address(mail_peer) -> None:
    replies = {
        "CAPA": "+OK\r\nSTLS\r\n.",
        "USER": "-ERR [AUTH] Plaintext authentication disallowed",
    }
    peer = mail_peer("+OK ready", replies)
    seen = observe(peer, "pop3", source="127.0.0.2")
    assert peer.clients == ["127.0.0.2"] and seen.source_address == "127.0.0.2"
    assert seen.login_outcome == "policy"


@pytest.mark.parametrize(
    ("name", "domain"),
    [("mail.example.org", "mail.example.org"), ("127.0.0.1", "[127.0.0.1]"), ("::1", "[IPv6:::1]")],
)
def test_an_address_is_a_domain_literal(name: str, domain: str) -> None:
    assert mail_domain(name) == domain  # RFC 5321 section 4.1.3


def test_an_smtp_server_without_starttls_is_one_line_saying_what_it_allows(mail_peer) -> None:
    replies = {"EHLO": "250-localhost\r\n250 AUTH PLAIN", "AUTH": "535 5.7.8 authentication failed"}
    peer = mail_peer(POSTFIX_GREETING, {**SMTP_OK, **replies})
    run = run_probe(f"127.0.0.1:{peer.port}", "--starttls", "smtp", "--timeout", "3")
    line = assert_one_line_error(run, "server does not offer STARTTLS")
    assert "SASL mechanisms before TLS: PLAIN" in line
    assert "mail accepted without TLS: yes" in line


@pytest.mark.parametrize("mode", ["smtp", "pop3"])
def test_another_protocols_greeting_is_named_at_once(mail_peer, mode: str) -> None:
    peer = mail_peer(DOVECOT_IMAP, {})
    run = run_probe(f"127.0.0.1:{peer.port}", "--starttls", mode, "--timeout", "3")
    assert_one_line_error(run, "not an SMTP server" if mode == "smtp" else "not a POP3 server")
    assert run.seconds < 3 + 5  # the greeting is judged, not waited on until the timeout


def test_the_mail_ports_choose_their_mode() -> None:
    from tls_manifesto.cli.probe_command import DEFAULT_PORT_MODES

    assert {p: DEFAULT_PORT_MODES[p] for p in (25, 587, 143, 110, 465, 993, 995)} == {
        25: "smtp", 587: "smtp", 143: "imap", 110: "pop3", 465: "tls", 993: "tls", 995: "tls",
    }  # fmt: skip


def test_a_source_address_must_be_an_address() -> None:
    run = run_probe("127.0.0.1:25", "--source-address", "not-an-ip")
    assert run.returncode == 2 and "is not an IP address" in run.stderr
    assert "Traceback" not in run.stderr


def _raw_peer(behaviour: str) -> tuple[int, threading.Thread, socket.socket]:
    """One connection: say nothing, close at once, or send 70 KB that never ends a line."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        with contextlib.suppress(OSError):
            connection, _ = listener.accept()
            with connection:
                if behaviour == "huge":
                    connection.sendall(b"220-" + b"x" * 70_000)
                if behaviour != "close":
                    time.sleep(4)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread, listener


@pytest.mark.parametrize(
    ("behaviour", "expected"),
    [
        ("silent", "no complete greeting within 2 s (TLS from the first byte?"),
        ("close", "the server closed the connection before the greeting"),
        ("huge", "the greeting is longer than 64 KiB"),
    ],
)
def test_a_hostile_mail_peer_is_one_line(behaviour: str, expected: str) -> None:
    port, thread, listener = _raw_peer(behaviour)
    try:
        run = run_probe(f"127.0.0.1:{port}", "--starttls", "smtp", "--timeout", "2")
    finally:
        listener.close()
        thread.join(timeout=10)
    assert_one_line_error(run, expected)
