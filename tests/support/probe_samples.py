"""Probe results built by hand: one sound, and broken copies of it, to test what checks them."""

from __future__ import annotations

import dataclasses

from tls_manifesto.probe.results import (
    AcceptedSuite,
    CertificateInfo,
    ProbeResult,
    ProtocolResult,
    ServerOrderResult,
    StarttlsResult,
)
from tls_manifesto.probe.scan import dh_group_seen
from tls_manifesto.probe.server_order import SCOPE
from tls_manifesto.tls.dh_groups import known_group

ECDHE = AcceptedSuite(
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", True, "ECDH", 253,
    "X25519",
)  # fmt: skip
DHE = AcceptedSuite(
    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", True, "DH", 2048, None
)
FFDHE2048 = dh_group_seen(known_group("ffdhe2048").prime.to_bytes(256, "big"), b"\x02")
TLS13 = AcceptedSuite(
    "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", True, "ECDH", 253, "X25519"
)


def sound_result() -> ProbeResult:
    rejected = [ProtocolResult(v, True, False) for v in ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1")]
    return ProbeResult(
        host="127.0.0.1",
        port=5222,
        address="127.0.0.1",
        mode="xmpp-client",
        xmpp_host="localhost",
        starttls=StarttlsResult(True, True, (), True, "<failure/>", "<stream:features/>", True),
        direct_tls=None,
        protocols=(
            *rejected,
            ProtocolResult("TLSv1.2", True, True, (DHE, ECDHE)),
            ProtocolResult("TLSv1.3", True, True, (TLS13,)),
        ),
        server_order=ServerOrderResult(
            True,
            "TLSv1.2",
            (DHE.openssl_name, ECDHE.openssl_name),
            ECDHE.openssl_name,
            ECDHE.openssl_name,
            "server chose it both times",
            SCOPE,
        ),
        certificates=(CertificateInfo("CN=localhost", "CN=localhost", "a", "b", True),),
        dh_groups=(FFDHE2048,),
    )


def with_protocol(result: ProbeResult, index: int, **changes) -> ProbeResult:
    protocols = list(result.protocols)
    protocols[index] = dataclasses.replace(protocols[index], **changes)
    return dataclasses.replace(result, protocols=tuple(protocols))


BROKEN = {
    "accepted-without-suites": lambda r: with_protocol(r, 4, suites=()),
    "suites-but-rejected": lambda r: with_protocol(r, 5, accepted=False),
    "a-version-missing": lambda r: dataclasses.replace(r, protocols=r.protocols[1:]),
    "ecdhe-not-forward-secret": lambda r: with_protocol(
        r, 4, suites=(DHE, dataclasses.replace(ECDHE, forward_secret=False))
    ),
    "dhe-without-a-dh-key": lambda r: with_protocol(
        r, 4, suites=(dataclasses.replace(DHE, key_exchange=None, key_size=None), ECDHE)
    ),
    "order-chose-a-suite-never-offered": lambda r: dataclasses.replace(
        r, server_order=dataclasses.replace(r.server_order, chosen_in_reverse="AES128-SHA")
    ),
    "order-enforced-but-choices-differ": lambda r: dataclasses.replace(
        r,
        server_order=dataclasses.replace(r.server_order, chosen_in_reverse=DHE.openssl_name),
    ),
    "order-not-marked-tls12": lambda r: dataclasses.replace(
        r, server_order=dataclasses.replace(r.server_order, scope="all versions")
    ),
    "required-but-not-offered": lambda r: dataclasses.replace(
        r, starttls=dataclasses.replace(r.starttls, offered=False)
    ),
    "starttls-in-plain-tls-mode": lambda r: dataclasses.replace(r, mode="tls"),
    "no-certificate": lambda r: dataclasses.replace(r, certificates=()),
    "dhe-suite-without-its-group": lambda r: dataclasses.replace(r, dh_groups=()),
    "composite-group-without-a-problem": lambda r: dataclasses.replace(
        r, dh_groups=(dataclasses.replace(FFDHE2048, is_prime=False),)
    ),
}
