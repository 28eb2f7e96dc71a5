"""Try each SASL mechanism a server offers before TLS, one fresh stream each.

A server may refuse one mechanism in the clear and run another: Prosody with
``c2s_require_encryption = false`` answers PLAIN with ``<encryption-required/>``
(``allow_unencrypted_plain_auth``) but runs SCRAM-SHA-1, so a conclusion
drawn from PLAIN alone is wrong. The probe has no account, so it cannot log
in; what it learns is whether the server goes on with the exchange in the
clear: a SCRAM ``<challenge/>``, or a ``<not-authorized/>`` after checking
made-up credentials, means a client with a password would log in without TLS
(RFC 6120 section 6.4.5 for the failure conditions, RFC 5802 for SCRAM).
"""

from __future__ import annotations

import base64
import secrets

from tls_manifesto.probe.connection import connect, one_line, read_until
from tls_manifesto.probe.results import SaslAttempt, XmppMode
from tls_manifesto.probe.target import Target
from tls_manifesto.probe.xmpp.stream import SASL_NS, open_stream

# What the probe can speak: PLAIN (RFC 4616) and the first SCRAM message (RFC 5802).
SPOKEN = ("PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256")
# Replies that show the server runs the exchange in the clear.
WENT_ON = ("success", "challenge", "not-authorized")


def initial_response(mechanism: str) -> str:
    """The base64 initial response for ``mechanism``, with a made-up user."""
    if mechanism == "PLAIN":
        raw = "\0probe\0not-a-password"
    else:
        raw = f"n,,n=probe,r={secrets.token_hex(12)}"
    return base64.b64encode(raw.encode()).decode()


def try_each(
    target: Target, mode: XmppMode, xmpp_host: str, mechanisms: tuple[str, ...], timeout: float
) -> tuple[SaslAttempt, ...]:
    """One attempt per mechanism offered; those the probe cannot speak are named, not tried."""
    return tuple(
        _try(target, mode, xmpp_host, mechanism, timeout)
        if mechanism in SPOKEN
        else SaslAttempt(mechanism, "not tried", "(the probe does not speak it)")
        for mechanism in mechanisms
    )


def _try(
    target: Target, mode: XmppMode, xmpp_host: str, mechanism: str, timeout: float
) -> SaslAttempt:
    with connect(target, timeout) as sock:
        open_stream(sock, mode, xmpp_host, target, timeout)
        auth = (
            f"<auth xmlns='{SASL_NS}' mechanism='{mechanism}'>{initial_response(mechanism)}</auth>"
        )
        try:
            sock.sendall(auth.encode())
        except OSError:
            return SaslAttempt(mechanism, "closed", "(connection closed before <auth/>)")
        markers = ("</failure>", "<success", "</challenge>", "</stream:error>", "</stream:stream>")
        reply = read_until(sock, markers, timeout).text.strip()
        if "<challenge" in reply:
            sock.sendall(f"<abort xmlns='{SASL_NS}'/>".encode())  # no account to go on with
    return SaslAttempt(mechanism, outcome(reply), one_line(reply, 300) or "(no reply)")


def outcome(reply: str) -> str:
    """One word for the server's answer to an <auth/> sent in the clear."""
    for word in ("success", "challenge", "encryption-required", "not-authorized"):
        if f"<{word}" in reply:
            return word
    if "<stream:error" in reply:
        return "stream error"
    return "failure" if "<failure" in reply else "no answer"
