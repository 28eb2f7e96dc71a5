"""Scan a server's TLS configuration: sslyze for versions, suites, key exchange and certificates.

Why sslyze: it carries its own OpenSSL builds (nassl), one of them old
enough to still offer SSLv2, SSLv3 and legacy suites that the system
OpenSSL 3 refuses to send, so "the server rejects SSLv3" is a fact about
the server, not about our client. It speaks XMPP STARTTLS
(``ProtocolWithOpportunisticTlsEnum.XMPP`` / ``XMPP_SERVER``), tries every
suite it knows one by one per version, and records the ephemeral
(EC)DH key of each accepted suite.

Why Python's ``ssl`` for server cipher order: sslyze 6 no longer reports
which suite the server prefers, so we offer two accepted TLS 1.2 suites
in both orders and compare what the server picks. The system OpenSSL keeps
the order of the client's cipher string, which is all this test needs.
"""

from __future__ import annotations

import ssl
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from nassl.ephemeral_key_info import DhEphemeralKeyInfo, EcDhEphemeralKeyInfo
from sslyze import (
    ProtocolWithOpportunisticTlsEnum,
    ScanCommand,
    ScanCommandAttemptStatusEnum,
    Scanner,
    ServerNetworkConfiguration,
    ServerNetworkLocation,
    ServerScanRequest,
)
from sslyze.errors import ConnectionToServerFailed, ServerHostnameCouldNotBeResolved
from sslyze.server_connectivity import check_connectivity_to_server

from tls_manifesto.probe.results import (
    AcceptedSuite,
    CertificateInfo,
    ProbeError,
    ProbeResult,
    ProtocolResult,
    ServerOrderResult,
    StarttlsMode,
)
from tls_manifesto.probe.xmpp_starttls import negotiated_socket, probe_starttls

OPPORTUNISTIC_TLS = {
    "xmpp-client": ProtocolWithOpportunisticTlsEnum.XMPP,
    "xmpp-server": ProtocolWithOpportunisticTlsEnum.XMPP_SERVER,
    "none": None,
}

SUITE_SCANS: tuple[tuple[str, ScanCommand], ...] = (
    ("SSLv2", ScanCommand.SSL_2_0_CIPHER_SUITES),
    ("SSLv3", ScanCommand.SSL_3_0_CIPHER_SUITES),
    ("TLSv1", ScanCommand.TLS_1_0_CIPHER_SUITES),
    ("TLSv1.1", ScanCommand.TLS_1_1_CIPHER_SUITES),
    ("TLSv1.2", ScanCommand.TLS_1_2_CIPHER_SUITES),
    ("TLSv1.3", ScanCommand.TLS_1_3_CIPHER_SUITES),
)

# Ephemeral key exchange in the IANA suite name (RFC 5246 appendix A.5,
# RFC 8422 section 6); every TLS 1.3 suite is ephemeral (RFC 8446 section 2).
EPHEMERAL_MARKERS = ("_ECDHE_", "_DHE_", "_DH_anon_", "_ECDH_anon_")


def probe(host: str, port: int, mode: StarttlsMode, xmpp_host: str, timeout: float) -> ProbeResult:
    starttls = None
    if mode != "none":
        starttls = probe_starttls(host, port, mode, xmpp_host, timeout)
        if not starttls.offered:
            raise ProbeError(f"{host}:{port}: server does not offer STARTTLS")
    attempts = _run_sslyze(host, port, mode, xmpp_host, timeout)
    protocols = tuple(_protocol_result(v, getattr(attempts, c.value)) for v, c in SUITE_SCANS)
    return ProbeResult(
        host=host,
        port=port,
        starttls_mode=mode,
        xmpp_host=xmpp_host,
        starttls=starttls,
        protocols=protocols,
        server_order=server_order(host, port, mode, xmpp_host, timeout, protocols),
        certificates=_certificates(attempts.certificate_info),
    )


def _run_sslyze(host: str, port: int, mode: StarttlsMode, xmpp_host: str, timeout: float) -> Any:
    location = ServerNetworkLocation(hostname=host, port=port, ip_address=host)
    network = ServerNetworkConfiguration(
        tls_server_name_indication=xmpp_host,
        tls_opportunistic_encryption=OPPORTUNISTIC_TLS[mode],
        xmpp_to_hostname=xmpp_host,
        network_timeout=max(1, round(timeout)),
        network_max_retries=1,
    )
    try:
        check_connectivity_to_server(location, network)
    except ConnectionToServerFailed as exc:
        raise ProbeError(f"{host}:{port}: TLS handshake failed ({exc.error_message})") from exc
    except ServerHostnameCouldNotBeResolved as exc:
        raise ProbeError(f"{host}:{port}: cannot resolve host") from exc
    commands = {c for _, c in SUITE_SCANS} | {ScanCommand.CERTIFICATE_INFO}
    scanner = Scanner()
    request = ServerScanRequest(
        server_location=location, network_configuration=network, scan_commands=commands
    )
    scanner.queue_scans([request])
    for result in scanner.get_results():
        if result.scan_result is None:
            reason = getattr(result.connectivity_error_trace, "exc_type", None) or "unknown error"
            raise ProbeError(f"{host}:{port}: scan failed ({reason})")
        return result.scan_result
    raise ProbeError(f"{host}:{port}: scan produced no result")


def _protocol_result(version: str, attempt: Any) -> ProtocolResult:
    if attempt.status != ScanCommandAttemptStatusEnum.COMPLETED:
        reason = attempt.error_reason.value if attempt.error_reason else attempt.status.value
        return ProtocolResult(version, tested=False, accepted=False, not_tested_reason=reason)
    suites = tuple(
        sorted((_accepted_suite(a) for a in attempt.result.accepted_cipher_suites), key=_name)
    )
    return ProtocolResult(version, tested=True, accepted=bool(suites), suites=suites)


def _name(suite: AcceptedSuite) -> str:
    return suite.name


def _accepted_suite(accepted: Any) -> AcceptedSuite:
    name: str = accepted.cipher_suite.name
    key = accepted.ephemeral_key
    key_exchange, curve = None, None
    if isinstance(key, EcDhEphemeralKeyInfo):
        key_exchange, curve = "ECDH", key.curve_name
    elif isinstance(key, DhEphemeralKeyInfo):
        key_exchange = "DH"
    tls13 = name.startswith("TLS_") and "_WITH_" not in name
    forward_secret = tls13 or any(m in name for m in EPHEMERAL_MARKERS)
    return AcceptedSuite(
        name=name,
        openssl_name=accepted.cipher_suite.openssl_name,
        forward_secret=forward_secret,
        key_exchange=key_exchange,
        key_size=key.size if key is not None else None,
        curve=curve,
    )


def server_order(
    host: str,
    port: int,
    mode: StarttlsMode,
    xmpp_host: str,
    timeout: float,
    protocols: tuple[ProtocolResult, ...],
) -> ServerOrderResult:
    """Offer two accepted TLS 1.2 suites in both orders; the server enforces its order
    when it picks the same suite both times."""
    local = {c["name"] for c in ssl.create_default_context().get_ciphers()}
    tls12 = next((p for p in protocols if p.version == "TLSv1.2"), None)
    usable = [s.openssl_name for s in (tls12.suites if tls12 else ()) if s.openssl_name in local]
    if len(usable) < 2:
        why = "fewer than two accepted TLS 1.2 suites that the local OpenSSL can offer"
        return ServerOrderResult(None, "TLSv1.2", tuple(usable), None, None, why)
    pair = (usable[0], usable[-1])
    first = _chosen_suite(host, port, mode, xmpp_host, timeout, pair)
    second = _chosen_suite(host, port, mode, xmpp_host, timeout, pair[::-1])
    enforced = first == second
    reason = (
        f"server chose {first} both times"
        if enforced
        else f"server followed the client's order ({first}, then {second})"
    )
    return ServerOrderResult(enforced, "TLSv1.2", pair, first, second, reason)


def _chosen_suite(
    host: str, port: int, mode: StarttlsMode, xmpp_host: str, timeout: float, order: tuple[str, ...]
) -> str:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the order test is about suites, not trust
    context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers(":".join(order))
    sock = negotiated_socket(host, port, mode, xmpp_host, timeout)
    try:
        with context.wrap_socket(sock, server_hostname=xmpp_host) as tls:
            cipher = tls.cipher()
    except (ssl.SSLError, OSError) as exc:
        raise ProbeError(f"{host}:{port}: TLS handshake failed ({exc})") from exc
    finally:
        sock.close()
    if cipher is None:
        raise ProbeError(f"{host}:{port}: TLS handshake gave no cipher suite")
    return cipher[0]


def _certificates(attempt: Any) -> tuple[CertificateInfo, ...]:
    if attempt.status != ScanCommandAttemptStatusEnum.COMPLETED:
        return ()
    deployments = attempt.result.certificate_deployments
    chain = deployments[0].received_certificate_chain if deployments else []
    return tuple(_certificate_info(c) for c in chain)


def _certificate_info(cert: x509.Certificate) -> CertificateInfo:
    return CertificateInfo(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        not_before=cert.not_valid_before_utc.isoformat(),
        not_after=cert.not_valid_after_utc.isoformat(),
        self_signed=_is_self_signed(cert),
    )


def _is_self_signed(cert: x509.Certificate) -> bool:
    """Issued by itself: same name, and its own key verifies its signature."""
    if cert.subject != cert.issuer:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True
