"""Probe one target: XMPP checks, sslyze for versions, suites, key exchange and certificates.

Why sslyze: it carries its own OpenSSL builds (nassl), one of them old
enough to still offer SSLv2, SSLv3 and legacy suites that the system
OpenSSL 3 refuses to send, so "the server rejects SSLv3" is a fact about
the server, not about our client. It speaks XMPP STARTTLS
(``ProtocolWithOpportunisticTlsEnum.XMPP`` / ``XMPP_SERVER``), tries every
suite it knows one by one per version, and records the ephemeral
(EC)DH key of each accepted suite.

Before sslyze starts its hundreds of connections, one handshake of our own
(``first_handshake``) makes a peer that stalls, closes or speaks no TLS
fail within the timeout. Server cipher order: see ``server_order``.
"""

from __future__ import annotations

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
from sslyze.errors import ConnectionToServerFailed
from sslyze.server_connectivity import check_connectivity_to_server

from tls_manifesto.probe.connection import one_line
from tls_manifesto.probe.handshake import first_handshake
from tls_manifesto.probe.http_check import check_https
from tls_manifesto.probe.mail.before_tls import clear_summary, observe_before_tls
from tls_manifesto.probe.results import (
    AcceptedSuite,
    CertificateInfo,
    DhGroupSeen,
    ProbeError,
    ProbeMode,
    ProbeResult,
    ProtocolResult,
    mail_protocol,
    uses_starttls,
    xmpp_mode,
)
from tls_manifesto.probe.server_order import server_order
from tls_manifesto.probe.target import Target
from tls_manifesto.probe.xmpp.direct_tls import probe_direct_tls
from tls_manifesto.probe.xmpp.starttls import probe_starttls
from tls_manifesto.tls.dh_groups import prove_group

OPPORTUNISTIC_TLS: dict[ProbeMode, ProtocolWithOpportunisticTlsEnum] = {
    "xmpp-client": ProtocolWithOpportunisticTlsEnum.XMPP,
    "xmpp-server": ProtocolWithOpportunisticTlsEnum.XMPP_SERVER,
    "smtp": ProtocolWithOpportunisticTlsEnum.SMTP,
    "imap": ProtocolWithOpportunisticTlsEnum.IMAP,
    "pop3": ProtocolWithOpportunisticTlsEnum.POP3,
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


def probe(
    target: Target, mode: ProbeMode, xmpp_host: str, timeout: float, http: bool = False
) -> ProbeResult:
    """Everything ``manifesto probe`` reports about one target; ProbeError if it cannot be probed.

    The XMPP or mail checks and one handshake of our own come first, so
    that a target that is not what ``mode`` says fails fast, before sslyze;
    so does the HTTP check (``http``, TLS from the first byte only), which
    fails on a TLS server that does not speak HTTP.
    """
    dialect, protocol = xmpp_mode(mode), mail_protocol(mode)
    starttls = direct = mail = None
    if protocol is not None:
        mail = observe_before_tls(target, protocol, xmpp_host, timeout)
        if not mail.starttls_offered:
            # Nothing to scan: TLS cannot be reached here. Say what it allows instead.
            why = clear_summary(mail)
            raise ProbeError(f"{target.label}: server does not offer STARTTLS; {why}")
        first_handshake(target, mode, xmpp_host, timeout)
    elif uses_starttls(mode) and dialect is not None:
        starttls = probe_starttls(target, dialect, xmpp_host, timeout)
        first_handshake(target, mode, xmpp_host, timeout)
    elif dialect is not None:
        direct = probe_direct_tls(target, mode, xmpp_host, timeout)
    else:
        first_handshake(target, mode, xmpp_host, timeout)
    http_check = check_https(target, xmpp_host, timeout) if http and mode == "tls" else None
    attempts = _run_sslyze(target, mode, xmpp_host, timeout)
    scans = [(v, getattr(attempts, c.value)) for v, c in SUITE_SCANS]
    protocols = tuple(_protocol_result(v, attempt) for v, attempt in scans)
    return ProbeResult(
        host=target.host,
        port=target.port,
        address=target.address,
        mode=mode,
        xmpp_host=xmpp_host,
        starttls=starttls,
        direct_tls=direct,
        protocols=protocols,
        server_order=server_order(target, mode, xmpp_host, timeout, protocols),
        certificates=_certificates(attempts.certificate_info),
        dh_groups=_dh_groups(attempt for _, attempt in scans),
        mail=mail,
        http=http_check,
    )


def _run_sslyze(target: Target, mode: ProbeMode, xmpp_host: str, timeout: float) -> Any:
    location = ServerNetworkLocation(
        hostname=target.host, port=target.port, ip_address=target.address
    )
    opportunistic = OPPORTUNISTIC_TLS.get(mode)
    network = ServerNetworkConfiguration(
        tls_server_name_indication=xmpp_host,
        tls_opportunistic_encryption=opportunistic,
        # sslyze accepts a stream `to` only with XMPP STARTTLS.
        xmpp_to_hostname=xmpp_host if xmpp_mode(mode) and opportunistic else None,
        network_timeout=max(1, round(timeout)),
        network_max_retries=1,
    )
    try:
        check_connectivity_to_server(location, network)
    except ConnectionToServerFailed as exc:
        raise ProbeError(
            f"{target.label}: TLS handshake failed ({one_line(exc.error_message)})"
        ) from exc
    commands = {c for _, c in SUITE_SCANS} | {ScanCommand.CERTIFICATE_INFO}
    scanner = Scanner()
    request = ServerScanRequest(
        server_location=location, network_configuration=network, scan_commands=commands
    )
    scanner.queue_scans([request])
    for result in scanner.get_results():
        if result.scan_result is None:
            reason = getattr(result.connectivity_error_trace, "exc_type", None) or "unknown error"
            raise ProbeError(f"{target.label}: scan failed ({reason})")
        return result.scan_result
    raise ProbeError(f"{target.label}: scan produced no result")


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


def _dh_groups(attempts: Any) -> tuple[DhGroupSeen, ...]:
    """Each distinct DH group of an accepted suite, proved: prime, safe prime, known source."""
    seen: dict[tuple[bytes, bytes], None] = {}
    for attempt in attempts:
        if attempt.status != ScanCommandAttemptStatusEnum.COMPLETED:
            continue
        for accepted in attempt.result.accepted_cipher_suites:
            key = accepted.ephemeral_key
            if isinstance(key, DhEphemeralKeyInfo):
                seen[bytes(key.prime), bytes(key.generator)] = None
    return tuple(dh_group_seen(p, g) for p, g in seen)


def dh_group_seen(prime: bytes, generator: bytes) -> DhGroupSeen:
    """What the probe reports of one received group (big-endian bytes, as sent)."""
    p, g = int.from_bytes(prime, "big"), int.from_bytes(generator, "big")
    proof = prove_group(p, g)
    return DhGroupSeen(
        prime=prime.hex(),
        generator=generator.hex(),
        bits=proof.bits,
        name=proof.name,
        known=proof.known.key if proof.known else None,
        is_prime=proof.prime_is_prime,
        safe_prime=proof.safe_prime,
        small_factors=proof.small_factors,
        problem=proof.problem,
    )


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
