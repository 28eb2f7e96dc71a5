"""SMTP, IMAP and POP3 before TLS: what is offered, whether a login or mail goes through, STARTTLS.

SMTP (RFC 5321, STARTTLS RFC 3207, AUTH RFC 4954): EHLO, then ``AUTH
PLAIN`` with a made-up user, then ``MAIL FROM:<>`` and ``RCPT
TO:<postmaster@domain>`` (every domain has that mailbox, RFC 5321 section
4.5.1), then RSET and QUIT: never DATA, so no mail is ever queued.
IMAP (RFC 3501): CAPABILITY, then LOGIN with made-up credentials; a
server that wants TLS first advertises LOGINDISABLED (section 6.2.3) and
answers ``NO [PRIVACYREQUIRED]`` (RFC 5530 section 3). POP3 (RFC 1939, CAPA
RFC 2449, STLS RFC 2595): CAPA, then USER and PASS with made-up credentials.
"""

from __future__ import annotations

import base64
import contextlib
import ipaddress
import socket

from tls_manifesto.probe.connection import connect
from tls_manifesto.probe.mail.dialogue import (
    evidence,
    exchange,
    greeting_complete,
    pop3_line_complete,
    pop3_multiline_complete,
    smtp_complete,
    tagged_complete,
)
from tls_manifesto.probe.results import MailBeforeTls, MailProtocol, ProbeError
from tls_manifesto.probe.target import Target

PROBE_USER, PROBE_PASSWORD = "manifesto-probe", "not-a-password"
EHLO_NAME = "manifesto-probe.invalid"  # RFC 2606: a name that cannot be anyone's
# Why a server refuses a login in the clear, in the words servers use: Dovecot
# "Plaintext authentication disallowed on non-secure (SSL/TLS) connections" with
# RFC 5530's [PRIVACYREQUIRED]; Postfix "530 5.7.0 Must issue a STARTTLS command
# first" (RFC 3207 section 4); RFC 4954 section 6's "538 5.7.11 Encryption required".
POLICY_WORDS = (
    "privacyrequired",
    "plaintext authentication disallowed",
    "must issue a starttls",
    "encryption required",
)
CREDENTIAL_WORDS = ("authenticationfailed", "authentication failed")


def login_outcome(reply: str, accepted: bool) -> str:
    """One word for the answer to a made-up login sent in the clear (results.LOGIN_OUTCOMES)."""
    lowered = reply.lower()
    if any(word in lowered for word in POLICY_WORDS):
        return "policy"
    if accepted:
        return "accepted"
    if any(word in lowered for word in CREDENTIAL_WORDS):
        return "credentials"
    return "unclear"


def mail_domain(name: str) -> str:
    """``name`` as the domain part of an address: an IP address becomes a literal [1.2.3.4]."""
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return name
    return f"[{address}]" if address.version == 4 else f"[IPv6:{address}]"


def observe_before_tls(
    target: Target, protocol: MailProtocol, name: str, timeout: float
) -> MailBeforeTls:
    """One plain connection: what the server offers and what it lets a client do without TLS."""
    with connect(target, timeout) as sock:
        if protocol == "smtp":
            return _observe_smtp(sock, target, name, timeout)
        if protocol == "imap":
            return _observe_imap(sock, target, timeout)
        return _observe_pop3(sock, target, timeout)


def _smtp_greeting(sock: socket.socket, target: Target, timeout: float) -> str:
    lines = exchange(sock, target, None, greeting_complete, timeout)
    if not lines[-1].startswith("220"):
        raise ProbeError(f"{target.label}: not an SMTP server ready for mail ({evidence(lines)})")
    return lines[0]


def _ehlo(sock: socket.socket, target: Target, timeout: float) -> tuple[str, ...]:
    """EHLO's keywords (RFC 5321 section 4.1.1.1), without the first line's domain."""
    lines = exchange(sock, target, f"EHLO {EHLO_NAME}", smtp_complete, timeout)
    if not lines[-1].startswith("250"):
        raise ProbeError(f"{target.label}: EHLO refused ({evidence(lines)})")
    return tuple(line[4:].strip() for line in lines[1:])


def _observe_smtp(sock: socket.socket, target: Target, name: str, timeout: float) -> MailBeforeTls:
    greeting = _smtp_greeting(sock, target, timeout)
    keywords = _ehlo(sock, target, timeout)
    upper = [k.upper() for k in keywords]
    mechanisms = next((k.split()[1:] for k in upper if k.split()[0] == "AUTH"), [])
    plain = base64.b64encode(f"\0{PROBE_USER}\0{PROBE_PASSWORD}".encode()).decode()
    auth = exchange(sock, target, f"AUTH PLAIN {plain}", smtp_complete, timeout)
    if auth[-1].startswith("503"):  # RFC 4954 section 4: no AUTH in this session
        outcome = "not offered"
    else:
        outcome = login_outcome(" ".join(auth), auth[-1].startswith("235"))
    mail = exchange(sock, target, "MAIL FROM:<>", smtp_complete, timeout)
    replies = [*mail]
    if mail[-1].startswith("250"):
        rcpt = f"RCPT TO:<postmaster@{mail_domain(name)}>"
        replies += exchange(sock, target, rcpt, smtp_complete, timeout)
    exchange(sock, target, "RSET", smtp_complete, timeout)
    _quietly(sock, "QUIT")
    return MailBeforeTls(
        protocol="smtp",
        greeting=greeting,
        capabilities=keywords,
        starttls_offered="STARTTLS" in upper,
        auth_mechanisms=tuple(mechanisms),
        login_disabled=None,
        login_outcome=outcome,
        login_reply=evidence(auth),
        mail_accepted=len(replies) == 2 and replies[-1].startswith("250"),
        mail_reply=evidence(replies),
        source_address=target.source,
    )


def _imap_greeting(sock: socket.socket, target: Target, timeout: float) -> str:
    lines = exchange(sock, target, None, greeting_complete, timeout)
    if not lines[-1].startswith(("* OK", "* PREAUTH")):
        raise ProbeError(f"{target.label}: not an IMAP server ready for login ({evidence(lines)})")
    return lines[-1]


def _observe_imap(sock: socket.socket, target: Target, timeout: float) -> MailBeforeTls:
    greeting = _imap_greeting(sock, target, timeout)
    lines = exchange(sock, target, "a1 CAPABILITY", tagged_complete("a1"), timeout)
    listed = next((line.split()[2:] for line in lines if line.startswith("* CAPABILITY ")), [])
    upper = [c.upper() for c in listed]
    login = exchange(
        sock, target, f"a2 LOGIN {PROBE_USER} {PROBE_PASSWORD}", tagged_complete("a2"), timeout
    )
    _quietly(sock, "a3 LOGOUT")
    return MailBeforeTls(
        protocol="imap",
        greeting=greeting,
        capabilities=tuple(listed),
        starttls_offered="STARTTLS" in upper,
        auth_mechanisms=tuple(c[5:] for c in upper if c.startswith("AUTH=")),
        login_disabled="LOGINDISABLED" in upper,
        login_outcome=login_outcome(" ".join(login), login[-1].startswith("a2 OK")),
        login_reply=evidence(login),
        mail_accepted=None,
        mail_reply="",
        source_address=target.source,
    )


def _pop3_greeting(sock: socket.socket, target: Target, timeout: float) -> str:
    lines = exchange(sock, target, None, greeting_complete, timeout)
    if not lines[-1].startswith("+OK"):
        raise ProbeError(f"{target.label}: not a POP3 server ready for login ({evidence(lines)})")
    return lines[-1]


def _observe_pop3(sock: socket.socket, target: Target, timeout: float) -> MailBeforeTls:
    greeting = _pop3_greeting(sock, target, timeout)
    capa = exchange(sock, target, "CAPA", pop3_multiline_complete, timeout)
    listed = [line for line in capa[1:] if line != "."] if capa[0].startswith("+OK") else []
    upper = [c.upper() for c in listed]
    sasl = next((c.split()[1:] for c in upper if c.split()[0] == "SASL"), [])
    replies = exchange(sock, target, f"USER {PROBE_USER}", pop3_line_complete, timeout)
    if replies[-1].startswith("+OK"):
        replies += exchange(sock, target, f"PASS {PROBE_PASSWORD}", pop3_line_complete, timeout)
    _quietly(sock, "QUIT")
    accepted = len(replies) == 2 and replies[-1].startswith("+OK")
    return MailBeforeTls(
        protocol="pop3",
        greeting=greeting,
        capabilities=tuple(listed),
        starttls_offered="STLS" in upper,
        auth_mechanisms=tuple(sasl),
        login_disabled=None,
        login_outcome=login_outcome(" ".join(replies), accepted),
        login_reply=evidence(replies),
        mail_accepted=None,
        mail_reply="",
        source_address=target.source,
    )


def _quietly(sock: socket.socket, command: str) -> None:
    """A goodbye whose answer does not matter."""
    with contextlib.suppress(OSError):
        sock.sendall(f"{command}\r\n".encode())


def negotiated_mail_socket(
    target: Target, protocol: MailProtocol, name: str, timeout: float
) -> socket.socket:
    """A plain socket on which the server agreed to STARTTLS: ready for a TLS handshake."""
    sock = connect(target, timeout)
    try:
        if protocol == "smtp":
            _smtp_greeting(sock, target, timeout)
            if "STARTTLS" not in (k.upper() for k in _ehlo(sock, target, timeout)):
                raise ProbeError(f"{target.label}: server does not offer STARTTLS")
            reply = exchange(sock, target, "STARTTLS", smtp_complete, timeout)
            agreed = reply[-1].startswith("220")
        elif protocol == "imap":
            _imap_greeting(sock, target, timeout)
            reply = exchange(sock, target, "s1 STARTTLS", tagged_complete("s1"), timeout)
            agreed = reply[-1].startswith("s1 OK")
        else:
            _pop3_greeting(sock, target, timeout)
            reply = exchange(sock, target, "STLS", pop3_line_complete, timeout)
            agreed = reply[-1].startswith("+OK")
        if not agreed:
            raise ProbeError(f"{target.label}: server refused STARTTLS ({evidence(reply)})")
    except BaseException:
        sock.close()
        raise
    return sock


def clear_summary(seen: MailBeforeTls) -> str:
    """What a server allows without TLS, in a few words, for a one-line message."""
    offered = ", ".join(seen.auth_mechanisms) or "none"
    parts = [f"login without TLS: {seen.login_outcome} ({seen.login_reply})"]
    parts.insert(0, f"SASL mechanisms before TLS: {offered}")
    if seen.mail_accepted is not None:
        parts.append(f"mail accepted without TLS: {'yes' if seen.mail_accepted else 'no'}")
    return "; ".join(parts)
