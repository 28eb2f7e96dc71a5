"""XMPP STARTTLS: what the server offers in the clear, the "skip TLS" check, ``<proceed/>``.

RFC 6120: ``<starttls/>`` in namespace ``urn:ietf:params:xml:ns:xmpp-tls``
is offered among the stream features, with a ``<required/>`` child when the
server insists on it (section 5.3.1); the client's ``<starttls/>`` is
answered by ``<proceed/>`` (section 5.4.2.3). A server that requires TLS
must not offer SASL before TLS, and answers an early ``<auth/>`` with a
failure or a stream error (sections 5.3.1, 6.4.5).
"""

from __future__ import annotations

import base64
import socket

from tls_manifesto.probe.connection import connect, one_line, read_until, send
from tls_manifesto.probe.results import ProbeError, SaslAttempt, StarttlsResult, XmppMode
from tls_manifesto.probe.target import Target
from tls_manifesto.probe.xmpp.sasl_before_tls import try_each
from tls_manifesto.probe.xmpp.stream import (
    SASL_NS,
    TLS_NS,
    offers_starttls,
    open_stream,
    parse_features,
    sasl_mechanisms,
    starttls_required,
    stream_error,
)


def attempt_auth_without_tls(
    sock: socket.socket, mode: XmppMode, timeout: float
) -> tuple[bool, str]:
    """Send SASL <auth/> in the clear; return (refused, the server's reply).

    PLAIN with made-up credentials for clients; EXTERNAL for servers (the
    only mechanism RFC 6120 section 13.8 expects between servers).
    """
    if mode == "xmpp-client":
        payload = base64.b64encode(b"\0probe\0not-a-password").decode()
        auth = f"<auth xmlns='{SASL_NS}' mechanism='PLAIN'>{payload}</auth>"
    else:
        auth = f"<auth xmlns='{SASL_NS}' mechanism='EXTERNAL'>=</auth>"
    try:
        sock.sendall(auth.encode())
    except OSError:
        return True, "(connection closed before <auth/> could be sent)"
    markers = ("</failure>", "<success", "</stream:error>", "</stream:stream>")
    reply = read_until(sock, markers, timeout).text.strip()
    return "<success" not in reply, one_line(reply, 400) or "(connection closed without a reply)"


def _clear(attempts: tuple[SaslAttempt, ...]) -> str:
    """What a server without STARTTLS offers in the clear, for the error message."""
    if not attempts:
        return "it offers no SASL mechanism before TLS either"
    names = " and ".join(a.mechanism for a in attempts)
    tried = ", ".join(f"{a.mechanism}: {a.outcome}" for a in attempts)
    return f"it offers {names} before TLS ({tried})"


def request_starttls(sock: socket.socket, target: Target, timeout: float) -> bool:
    """Send <starttls/>; True when the server answers <proceed/>."""
    send(sock, f"<starttls xmlns='{TLS_NS}'/>".encode(), target)
    reply = read_until(
        sock, ("<proceed", "<failure", "</stream:error>", "</stream:stream>"), timeout
    )
    if "<proceed" in reply.text:
        return True
    if "<stream:error" in reply.text:
        why = stream_error(reply.text)
        raise ProbeError(f"{target.label}: server closed the stream after <starttls/>: {why}")
    if "<failure" in reply.text:
        return False
    if reply.timed_out:
        raise ProbeError(f"{target.label}: no answer to <starttls/> within {timeout:g} s")
    raise ProbeError(f"{target.label}: connection closed after <starttls/>")


def negotiated_socket(
    target: Target, mode: XmppMode, xmpp_host: str, timeout: float
) -> socket.socket:
    """A plain socket on which <proceed/> was received: ready for a TLS handshake."""
    sock = connect(target, timeout)
    try:
        features = parse_features(open_stream(sock, mode, xmpp_host, target, timeout), target.label)
        if not offers_starttls(features):
            raise ProbeError(f"{target.label}: server does not offer STARTTLS")
        if not request_starttls(sock, target, timeout):
            raise ProbeError(f"{target.label}: server refused <starttls/>")
    except BaseException:
        sock.close()
        raise
    return sock


def probe_starttls(
    target: Target, mode: XmppMode, xmpp_host: str, timeout: float
) -> StarttlsResult:
    """Read the features offered before TLS, try to skip TLS, then ask for STARTTLS."""
    with connect(target, timeout) as sock:
        raw_features = open_stream(sock, mode, xmpp_host, target, timeout)
        features = parse_features(raw_features, target.label)
        offered = sasl_mechanisms(features)
        if not offers_starttls(features):
            # Nothing to scan: TLS cannot be reached on this port. Say what it offers instead.
            sock.close()
            attempts = try_each(target, mode, xmpp_host, offered, timeout)
            raise ProbeError(f"{target.label}: server does not offer STARTTLS; {_clear(attempts)}")
        refused, auth_reply = attempt_auth_without_tls(sock, mode, timeout)
    attempts = try_each(target, mode, xmpp_host, offered, timeout)
    with connect(target, timeout) as sock:
        open_stream(sock, mode, xmpp_host, target, timeout)
        proceeded = request_starttls(sock, target, timeout)
    return StarttlsResult(
        offered=True,
        required=starttls_required(features),
        mechanisms_before_tls=offered,
        # Refused only if no mechanism offered went on in the clear either.
        auth_before_tls_refused=refused and not any(a.went_on_in_the_clear for a in attempts),
        sasl_attempts=attempts,
        auth_reply=auth_reply,
        features_before_tls=raw_features,
        proceeded=proceeded,
    )
