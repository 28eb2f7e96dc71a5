"""What a live probe found: frozen dataclasses, apart from the scanning code and renderers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tls_manifesto.errors import ManifestoError

XmppMode = Literal["xmpp-client", "xmpp-server"]
MailProtocol = Literal["smtp", "imap", "pop3"]
# How the probe reaches TLS: XMPP STARTTLS (RFC 6120), XMPP over direct TLS
# (XEP-0368 service names xmpps-client/xmpps-server), the mail protocols'
# STARTTLS (SMTP RFC 3207, IMAP RFC 3501 section 6.2.1, POP3 STLS RFC 2595
# section 4), or TLS from the first byte with no protocol around it ("tls").
ProbeMode = Literal[
    "xmpp-client", "xmpp-server", "xmpps-client", "xmpps-server", "smtp", "imap", "pop3", "tls"
]
PROBE_MODES: tuple[ProbeMode, ...] = (
    "xmpp-client",
    "xmpp-server",
    "xmpps-client",
    "xmpps-server",
    "smtp",
    "imap",
    "pop3",
    "tls",
)
MAIL_PROTOCOLS: tuple[MailProtocol, ...] = ("smtp", "imap", "pop3")


def xmpp_mode(mode: ProbeMode) -> XmppMode | None:
    """The XMPP dialect spoken in ``mode`` (with or without STARTTLS); None for plain TLS."""
    if mode in ("xmpp-client", "xmpps-client"):
        return "xmpp-client"
    if mode in ("xmpp-server", "xmpps-server"):
        return "xmpp-server"
    return None


def mail_protocol(mode: ProbeMode) -> MailProtocol | None:
    """The mail protocol whose STARTTLS ``mode`` speaks; None for the others."""
    if mode == "smtp" or mode == "imap" or mode == "pop3":
        return mode
    return None


def uses_starttls(mode: ProbeMode) -> bool:
    return mode in ("xmpp-client", "xmpp-server") or mail_protocol(mode) is not None


# Versions in the order a report lists them, with the names OpenSSL uses.
TLS_VERSIONS: tuple[str, ...] = ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")


class ProbeError(ManifestoError):
    """The target could not be probed: refused, timed out, not XMPP, TLS failed.

    The message is one line that starts with the target, for the user.
    """


@dataclass(frozen=True)
class SaslAttempt:
    """One SASL mechanism offered before TLS, tried on its own stream with a made-up user."""

    mechanism: str
    outcome: str  # success, challenge, not-authorized, encryption-required, ..., not tried
    reply: str  # the server's answer, as evidence

    @property
    def went_on_in_the_clear(self) -> bool:
        """The server ran the exchange without TLS: with a password, a client logs in."""
        return self.outcome in ("success", "challenge", "not-authorized")


@dataclass(frozen=True)
class StarttlsResult:
    """What the server announces before TLS, and what a client that skips TLS gets.

    RFC 6120 section 5.3.1: a server that requires TLS marks ``<starttls/>``
    with ``<required/>``; section 5.4.3.3 lets it reject SASL before TLS with
    ``<encryption-required/>``.
    """

    offered: bool
    required: bool
    mechanisms_before_tls: tuple[str, ...]  # SASL mechanisms offered in the clear
    auth_before_tls_refused: bool  # sending <auth> without TLS did not succeed
    auth_reply: str  # the server's answer to that <auth>, as evidence
    features_before_tls: str  # the raw <stream:features/> element, as evidence
    proceeded: bool  # <starttls/> was answered by <proceed/>
    # Each mechanism of mechanisms_before_tls, tried (the attempt above is PLAIN or
    # EXTERNAL whether offered or not).
    sasl_attempts: tuple[SaslAttempt, ...] = ()

    @property
    def can_skip_tls(self) -> bool:
        return bool(self.mechanisms_before_tls) or not self.auth_before_tls_refused


@dataclass(frozen=True)
class DirectTlsResult:
    """The XMPP stream inside a direct TLS connection (XEP-0368).

    XEP-0368 section 3: STARTTLS must not be used over direct TLS, and the
    client should send ALPN ``xmpp-client`` or ``xmpp-server``.
    """

    alpn_offered: str
    alpn_selected: str | None  # None: the server did not answer ALPN
    tls_version: str  # of the handshake that carried the stream
    features_after_tls: str  # the raw <stream:features/> element, as evidence
    mechanisms_after_tls: tuple[str, ...]
    starttls_offered_inside_tls: bool


@dataclass(frozen=True)
class MailBeforeTls:
    """What a mail server shows a client that has not started TLS, and what such a client gets.

    The probe has no account: it sends made-up credentials and reads why
    they are refused. A refusal because the connection is not encrypted
    ("policy") means the server keeps passwords off the wire; a refusal
    after checking them ("credentials") means a real password would have
    logged in in the clear.
    """

    protocol: MailProtocol
    greeting: str  # the server's first line, as evidence
    capabilities: tuple[str, ...]  # EHLO keywords, IMAP CAPABILITY or POP3 CAPA, as sent
    starttls_offered: bool  # SMTP/IMAP STARTTLS, POP3 STLS
    auth_mechanisms: tuple[str, ...]  # SASL mechanisms advertised before TLS
    login_disabled: bool | None  # IMAP LOGINDISABLED (RFC 3501 section 6.2.3); None elsewhere
    login_outcome: str  # one of LOGIN_OUTCOMES
    login_reply: str  # the server's answer to the made-up login, as evidence
    # SMTP only: MAIL FROM and RCPT TO to a local address both accepted in the clear.
    mail_accepted: bool | None
    mail_reply: str  # the answers to MAIL FROM and RCPT TO, as evidence ("" for IMAP/POP3)
    source_address: str | None  # the local address the probe connected from, if chosen

    @property
    def login_in_the_clear(self) -> bool:
        """The server checked credentials without TLS: a client with a password logs in."""
        return self.login_outcome in ("credentials", "accepted")


# "policy": refused because the connection is not encrypted; "credentials":
# refused after checking the made-up user and password; "accepted"; "not
# offered": the server does not take a login in the clear at all (SMTP
# without AUTH answers 503); "unclear": an answer the probe cannot place.
LOGIN_OUTCOMES = ("policy", "credentials", "accepted", "not offered", "unclear")


@dataclass(frozen=True)
class AcceptedSuite:
    name: str  # IANA name, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    openssl_name: str
    forward_secret: bool
    key_exchange: str | None  # "DH", "ECDH" or None when no ephemeral key was seen
    key_size: int | None  # bits of the ephemeral DH group or EC curve
    curve: str | None  # e.g. "X25519", "prime256v1"


@dataclass(frozen=True)
class DhGroupSeen:
    """One DH group (p, g) the server sent for a DHE suite, and what could be proved of it.

    A size says nothing of the group: fast_tls on OpenSSL 3 serves a 2048-bit
    modulus that is not a prime (tls_manifesto/tls/dh_groups.py).
    """

    prime: str  # hexadecimal, as received
    generator: str
    bits: int
    name: str  # the known group it is, or "a 2048-bit group of no known source"
    known: str | None  # its key in dh_groups.json
    is_prime: bool
    safe_prime: bool  # (p-1)/2 is prime too
    small_factors: tuple[int, ...]  # of a composite modulus
    problem: str | None  # why MF006 fails on it; None when it may be used


@dataclass(frozen=True)
class ProtocolResult:
    version: str  # one of TLS_VERSIONS
    tested: bool
    accepted: bool
    suites: tuple[AcceptedSuite, ...] = ()
    not_tested_reason: str | None = None


@dataclass(frozen=True)
class ServerOrderResult:
    """Whether the server picks its own preferred suite whatever the client's order."""

    enforced: bool | None  # None: fewer than two suites accepted, nothing to compare
    version: str | None  # the only version tested: TLSv1.2 (see scope)
    offered: tuple[str, ...]  # the two suites, in the first order offered
    chosen_in_order: str | None
    chosen_in_reverse: str | None
    reason: str
    scope: str  # what the measurement covers and why TLS 1.2 only


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    issuer: str
    not_before: str  # ISO 8601
    not_after: str
    self_signed: bool


@dataclass(frozen=True)
class HttpCheck:
    """The answer to one ``GET /``: over TLS for HSTS, in the clear for the redirect to https.

    RFC 6797 section 6.1: ``Strict-Transport-Security`` carries ``max-age``
    (seconds, required) and may carry ``includeSubDomains``; directive names
    are case-insensitive and a value may be quoted. Section 8.1: a browser
    heeds only the first such header, and only over a secure transport
    (section 7.2), so over plain HTTP the header is reported but counts for nothing.
    """

    scheme: str  # "https" or "http": how the request went
    status: int
    reason: str
    location: str | None  # the Location header, as sent
    hsts: str | None  # the first Strict-Transport-Security header, as sent
    hsts_headers: int  # how many were sent (a browser heeds the first)
    hsts_max_age: int | None  # None: no header, or one a browser ignores (see hsts_problem)
    hsts_include_subdomains: bool
    hsts_problem: str | None  # why a browser ignores the header that was sent

    @property
    def redirects_to_https(self) -> bool:
        """A redirect (RFC 9110 section 15.4) whose target is an https URL."""
        return self.status in REDIRECT_STATUSES and (self.location or "").lower().startswith(
            "https://"
        )


# RFC 9110 sections 15.4.2-15.4.9: the statuses that carry a Location to follow.
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class PlainHttpResult:
    """``manifesto probe --plain-http``: a site in the clear, asked for ``/``; no TLS at all."""

    host: str
    port: int
    address: str
    name: str  # the Host header sent
    http: HttpCheck


@dataclass(frozen=True)
class ProbeResult:
    host: str
    port: int
    address: str  # the IP address probed
    mode: ProbeMode
    xmpp_host: str  # the XMPP stream's to= and the SNI name
    starttls: StarttlsResult | None
    direct_tls: DirectTlsResult | None
    protocols: tuple[ProtocolResult, ...]
    server_order: ServerOrderResult
    certificates: tuple[CertificateInfo, ...]
    dh_groups: tuple[DhGroupSeen, ...] = ()  # each distinct group of the accepted DHE suites
    mail: MailBeforeTls | None = None  # SMTP, IMAP, POP3: what happens before STARTTLS
    http: HttpCheck | None = None  # HTTPS only, with --http: the answer to GET /

    @property
    def accepted_versions(self) -> tuple[str, ...]:
        return tuple(p.version for p in self.protocols if p.accepted)

    @property
    def untested_versions(self) -> tuple[str, ...]:
        return tuple(p.version for p in self.protocols if not p.tested)

    @property
    def accepted_suites(self) -> tuple[AcceptedSuite, ...]:
        return tuple(s for p in self.protocols for s in p.suites)

    @property
    def non_forward_secret_suites(self) -> tuple[str, ...]:
        return tuple(sorted({s.name for s in self.accepted_suites if not s.forward_secret}))

    def smallest_group(self, key_exchange: str) -> int | None:
        """Smallest ephemeral group seen for ``"DH"`` or ``"ECDH"``; None if never used."""
        sizes = [
            s.key_size
            for s in self.accepted_suites
            if s.key_exchange == key_exchange and s.key_size is not None
        ]
        return min(sizes) if sizes else None
