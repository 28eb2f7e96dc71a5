"""XMPP over direct TLS (XEP-0368): TLS from the first byte, then the XMPP stream inside.

XEP-0368 section 3 (https://xmpp.org/extensions/xep-0368.html): the client
sets SNI to the domain and should offer ALPN ``xmpp-client`` (service
``xmpps-client``) or ``xmpp-server`` (``xmpps-server``); STARTTLS must not be
used over direct TLS. No port is assigned; 5223 (clients) and 5270
(servers) are the usual ones.
"""

from __future__ import annotations

from tls_manifesto.probe.handshake import handshake, permissive_context
from tls_manifesto.probe.results import DirectTlsResult, ProbeMode, xmpp_mode
from tls_manifesto.probe.target import Target
from tls_manifesto.probe.xmpp.stream import (
    offers_starttls,
    open_stream,
    parse_features,
    sasl_mechanisms,
)


def probe_direct_tls(
    target: Target, mode: ProbeMode, xmpp_host: str, timeout: float
) -> DirectTlsResult:
    """Complete a TLS handshake, open the XMPP stream inside it, and read its features."""
    dialect = xmpp_mode(mode)
    assert dialect is not None, mode
    context = permissive_context()
    context.set_alpn_protocols([dialect])
    done = handshake(target, mode, xmpp_host, timeout, context)
    with done.tls as tls:
        raw_features = open_stream(tls, dialect, xmpp_host, target, timeout)
        alpn = tls.selected_alpn_protocol()
    features = parse_features(raw_features, target.label)
    return DirectTlsResult(
        alpn_offered=dialect,
        alpn_selected=alpn,
        tls_version=done.version,
        features_after_tls=raw_features,
        mechanisms_after_tls=sasl_mechanisms(features),
        starttls_offered_inside_tls=offers_starttls(features),
    )
