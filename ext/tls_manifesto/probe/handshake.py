"""TLS handshakes with the system OpenSSL (Python's ``ssl``), each bounded by a deadline.

Used for what sslyze does not do: the first handshake, which tells a TLS
server from a peer that stalls, closes or answers with something else
before sslyze's hundreds of connections start; the XMPP stream inside
direct TLS; and the server cipher order test.
"""

from __future__ import annotations

import socket
import ssl
import time
from dataclasses import dataclass

from tls_manifesto.probe.connection import connect
from tls_manifesto.probe.mail.before_tls import negotiated_mail_socket
from tls_manifesto.probe.results import (
    ProbeError,
    ProbeMode,
    mail_protocol,
    uses_starttls,
    xmpp_mode,
)
from tls_manifesto.probe.target import Target
from tls_manifesto.probe.xmpp.starttls import negotiated_socket

# OpenSSL reasons that say the peer sent no TLS at all (garbage, plain text,
# or closed the connection), as opposed to a TLS alert about versions or suites.
NOT_TLS_REASONS = (
    "WRONG_VERSION_NUMBER",
    "UNEXPECTED_EOF_WHILE_READING",
    "RECORD_LAYER_FAILURE",
    "PACKET_LENGTH_TOO_LONG",
    "HTTP_REQUEST",
    "UNEXPECTED_RECORD",
)


@dataclass(frozen=True)
class Handshake:
    """A completed handshake; ``tls`` is still open and owned by the caller."""

    tls: ssl.SSLSocket
    version: str
    cipher: str


def permissive_context(ciphers: str = "ALL:@SECLEVEL=0") -> ssl.SSLContext:
    """A client that accepts any certificate and offers every version the system OpenSSL has.

    The probe judges suites and versions, not trust, so certificate checks
    are off; certificates are reported, not verified.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    context.set_ciphers(ciphers)
    return context


def plain_or_negotiated_socket(
    target: Target, mode: ProbeMode, xmpp_host: str, timeout: float
) -> socket.socket:
    """The socket on which the TLS handshake starts: after STARTTLS was agreed, for those modes."""
    dialect, mail = xmpp_mode(mode), mail_protocol(mode)
    if uses_starttls(mode) and dialect is not None:
        return negotiated_socket(target, dialect, xmpp_host, timeout)
    if mail is not None:
        return negotiated_mail_socket(target, mail, xmpp_host, timeout)
    return connect(target, timeout)


def handshake(
    target: Target,
    mode: ProbeMode,
    xmpp_host: str,
    timeout: float,
    context: ssl.SSLContext,
) -> Handshake:
    """Connect, negotiate STARTTLS if the mode says so, and complete one TLS handshake."""
    deadline = time.monotonic() + timeout
    sock = plain_or_negotiated_socket(target, mode, xmpp_host, timeout)
    try:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        tls = context.wrap_socket(sock, server_hostname=_sni(xmpp_host))
    except TimeoutError as exc:
        sock.close()
        raise ProbeError(f"{target.label}: TLS handshake timed out after {timeout:g} s") from exc
    except ssl.SSLError as exc:
        sock.close()
        raise ProbeError(f"{target.label}: TLS handshake failed ({_reason(exc)})") from exc
    except OSError as exc:
        sock.close()
        raise ProbeError(
            f"{target.label}: connection lost during the TLS handshake ({exc.strerror or exc})"
        ) from exc
    cipher = tls.cipher()
    return Handshake(tls, tls.version() or "unknown", cipher[0] if cipher else "unknown")


def first_handshake(target: Target, mode: ProbeMode, xmpp_host: str, timeout: float) -> None:
    """Fail fast, within ``timeout``, on a peer that does not complete a TLS handshake.

    A TLS alert (the server and the system OpenSSL share no version or
    suite) is not an error here: sslyze's own OpenSSL can offer SSLv3 and
    legacy suites, and decides. Silence, a closed connection, or bytes that
    are not TLS are errors.
    """
    try:
        done = handshake(target, mode, xmpp_host, timeout, permissive_context())
    except ProbeError as error:
        cause = error.__cause__
        if isinstance(cause, ssl.SSLError) and not _not_tls(cause):
            return
        raise
    done.tls.close()


def _not_tls(error: ssl.SSLError) -> bool:
    return isinstance(error, ssl.SSLEOFError) or (error.reason or "") in NOT_TLS_REASONS


def _reason(error: ssl.SSLError) -> str:
    if isinstance(error, ssl.SSLEOFError):
        return "the server closed the connection"
    if (error.reason or "") in NOT_TLS_REASONS:
        return f"the server does not speak TLS here: {error.reason}"
    return error.reason or error.strerror or str(error)


def _sni(name: str) -> str | None:
    """RFC 6066 section 3: no IP addresses in server_name (Python would skip them anyway)."""
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in name else socket.AF_INET, name)
    except OSError:
        return name
    return None
