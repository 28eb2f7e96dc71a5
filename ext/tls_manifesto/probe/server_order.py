"""Whether the server enforces its own cipher order, measured on TLS 1.2.

Offer two accepted TLS 1.2 suites in both orders: a server that enforces
its order picks the same suite both times. sslyze 6 no longer reports
this, so the handshakes use Python's ``ssl``, whose cipher string keeps the
order given.

Why TLS 1.2 only (see SCOPE): OpenSSL orders TLS 1.2-and-older suites by
the cipher string (``SSL_CTX_set_cipher_list``), which is what the servers'
``ciphers`` options set and what rule MF005 judges; TLS 1.3 suites come from
a separate list (``SSL_CTX_set_ciphersuites``; man page
SSL_CTX_set_cipher_list(3), OpenSSL 1.1.1 and 3.x). The server-preference
option ``SSL_OP_CIPHER_SERVER_PREFERENCE`` is applied to TLS 1.3 too
(``ssl3_choose_cipher`` in ssl/s3_lib.c, OpenSSL 1.1.1 and later), but it
then orders by that separate list, not by the configured string. And the
probe's client cannot choose its TLS 1.3 offer: Python's ``ssl`` has no
binding for ``SSL_CTX_set_ciphersuites`` (cpython issue 77751).
"""

from __future__ import annotations

import ssl

from tls_manifesto.probe.handshake import handshake, permissive_context
from tls_manifesto.probe.results import ProbeMode, ProtocolResult, ServerOrderResult
from tls_manifesto.probe.target import Target

SCOPE = (
    "tested on TLS 1.2 only: the configured cipher string orders TLS 1.2 and older suites; "
    "OpenSSL takes TLS 1.3 suites from a separate list (SSL_CTX_set_ciphersuites), which the "
    "server-preference option, when set, applies in its own order; the probe's client "
    "(Python ssl) cannot choose the TLS 1.3 suites it offers"
)


def server_order(
    target: Target,
    mode: ProbeMode,
    xmpp_host: str,
    timeout: float,
    protocols: tuple[ProtocolResult, ...],
) -> ServerOrderResult:
    local = {c["name"] for c in permissive_context().get_ciphers()}
    tls12 = next((p for p in protocols if p.version == "TLSv1.2"), None)
    usable = [s.openssl_name for s in (tls12.suites if tls12 else ()) if s.openssl_name in local]
    if len(usable) < 2:
        why = "fewer than two accepted TLS 1.2 suites that the local OpenSSL can offer"
        return ServerOrderResult(None, "TLSv1.2", tuple(usable), None, None, why, SCOPE)
    pair = (usable[0], usable[-1])
    first = _chosen_suite(target, mode, xmpp_host, timeout, pair)
    second = _chosen_suite(target, mode, xmpp_host, timeout, pair[::-1])
    enforced = first == second
    reason = (
        f"server chose {first} both times"
        if enforced
        else f"server followed the client's order ({first}, then {second})"
    )
    return ServerOrderResult(enforced, "TLSv1.2", pair, first, second, reason, SCOPE)


def _chosen_suite(
    target: Target, mode: ProbeMode, xmpp_host: str, timeout: float, order: tuple[str, ...]
) -> str:
    context = permissive_context(":".join(order) + ":@SECLEVEL=0")
    context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_2
    done = handshake(target, mode, xmpp_host, timeout, context)
    done.tls.close()
    return done.cipher
