"""MF003: the cipher list prefers (prefer-fs) or requires (require-fs) forward secrecy."""

from __future__ import annotations

from tls_manifesto.ciphers import OPENSSL_VERSION, CipherExpansion
from tls_manifesto.model import Endpoint, ServerConfig, Source
from tls_manifesto.results import Finding, Severity, Verdict
from tls_manifesto.rules.base import (
    MANIFESTO,
    CheckOptions,
    Policy,
    Rule,
    make_finding,
    not_applicable,
    tls_endpoints,
    unknown_default,
    unscope_shared_lines,
    verdict,
)
from tls_manifesto.rules.effective_ciphers import EffectiveCiphers, effective_ciphers

RULE_ID = "MF003"
_BELOW_TLS_1_3 = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"})


def check(config: ServerConfig, options: CheckOptions) -> Verdict:
    endpoints = tls_endpoints(config)
    if not endpoints:
        return not_applicable(RULE_ID, config, "no endpoint offers TLS")
    evidence = []
    findings: list[Finding] = []
    judged: set[tuple[str, int | None]] = set()
    endpoints_by_line: dict[int | None, set[str]] = {}
    tls13_only: list[str] = []
    for endpoint in endpoints:
        if _speaks_only_tls13(config, endpoint):
            # TLS 1.3 has only forward-secret key exchanges (RFC 8446 section 2), and the
            # cipher list names TLS 1.2 suites: it cannot weaken such an endpoint.
            tls13_only.append(endpoint.name)
            if endpoint.disabled_protocols is not None:
                evidence.extend(endpoint.disabled_protocols.evidence)
            continue
        ciphers = effective_ciphers(config, endpoint)
        if ciphers is None:
            findings.append(_unknown_default(config, endpoint))
            continue
        endpoints_by_line.setdefault(ciphers.line, set()).add(endpoint.name)
        if (ciphers.cipher_string, ciphers.line) in judged:
            continue  # one finding per cipher line, not one per endpoint sharing it
        judged.add((ciphers.cipher_string, ciphers.line))
        problem = _judge(ciphers, options.policy, config)
        if problem is None:
            evidence.extend(ciphers.evidence)
        else:
            findings.append(
                make_finding(
                    RULE_ID,
                    Severity.ERROR,
                    config,
                    ciphers.line,
                    problem,
                    ciphers.evidence,
                    endpoint,
                )
            )
    findings = unscope_shared_lines(findings, endpoints_by_line)
    policy_text = "requires" if options.policy == "require-fs" else "prefers"
    summary = (
        f"cipher lists fail {options.policy} (expanded with {OPENSSL_VERSION})"
        if findings
        else f"every cipher list {policy_text} forward secrecy (expanded with {OPENSSL_VERSION})"
    )
    if tls13_only:
        names = ", ".join(dict.fromkeys(tls13_only))
        summary += f"; {names}: only TLS 1.3, whose suites are all forward-secret"
    return verdict(RULE_ID, config, summary, evidence, findings)


def _speaks_only_tls13(config: ServerConfig, endpoint: Endpoint) -> bool:
    """Every older version refused, by the config or by the judged release's default."""
    setting = endpoint.disabled_protocols
    refused = setting.value if setting is not None else config.profile.default_disabled_protocols
    if refused is None:
        return False  # not known: judge the cipher list
    return refused | config.profile.never_offered_protocols >= _BELOW_TLS_1_3


def _judge(ciphers: EffectiveCiphers, policy: Policy, config: ServerConfig) -> str | None:
    """The problem with this cipher string under ``policy``, or None."""
    origin = ciphers.origin(config)
    if ciphers.expansion is None:
        return f"{origin}: {ciphers.error} (fix the cipher string)"
    expansion: CipherExpansion = ciphers.expansion
    if not expansion.suites:
        return f"{origin} selects no TLS 1.2 or older suite in {OPENSSL_VERSION}"
    if policy == "require-fs":
        offending = expansion.non_forward_secret
        what = "cipher list offers non-forward-secret suites"
        fix = "exclude them, e.g. append :!kRSA:!kECDH:!kDH:!PSK"
    else:
        offending = expansion.non_forward_secret_before_forward_secret
        what = "cipher list offers non-forward-secret suites before forward-secret ones"
        fix = "put ECDHE/DHE suites first, e.g. start the list with kEECDH:kEDH"
        if not any(s.forward_secret for s in expansion.suites):
            return f"{origin} offers no forward-secret suite in {OPENSSL_VERSION}"
    if not offending:
        return None
    names = ", ".join(s.name for s in offending)
    prefix = "" if ciphers.configured else f"{origin}: "
    where = config.profile.hints.ciphers
    return f"{prefix}{what}: {names} ({fix}; {where}; expanded with {OPENSSL_VERSION})"


def _unknown_default(config: ServerConfig, endpoint: Endpoint) -> Finding:
    return unknown_default(RULE_ID, config, endpoint, "cipher list")


RULE = Rule(
    id=RULE_ID,
    summary="Cipher suites prefer or require forward secrecy",
    severity=Severity.ERROR,
    applies_to=(
        "ejabberd 13.12 and later (ciphers, s2s_ciphers; c2s_ciphers from 17.03)",
        "ejabberd 2.x: no cipher option, the linked OpenSSL's DEFAULT list is judged",
        "Prosody 0.9 and later (ssl.ciphers)",
        "Charybdis 3.5 and 4.x (serverinfo ssl_cipher_list)",
    ),
    documentation=(
        "The manifesto asks deployments to 'prefer or require TLS cipher suites that enable "
        "forward secrecy'. The configured OpenSSL cipher string (or, when none is set, the "
        "server's documented default for that version) is expanded with the local OpenSSL "
        "as openssl-ciphers(1) defines it, at ``@SECLEVEL=0`` so legacy suites are still "
        "listed. A suite is forward secret when its key exchange is ephemeral: ECDHE or DHE "
        "(TLS 1.3 suites always are, RFC 8446, and are not governed by the string). Policy "
        "``require-fs`` fails on any non-forward-secret suite; ``prefer-fs`` fails when one "
        "comes before a forward-secret suite. Every message names the OpenSSL version used, "
        "since another version may expand the same string differently; suites the local "
        "OpenSSL no longer has (RC4, export) cannot be listed. PSK and SRP suites are left "
        "out: OpenSSL only selects them on a server with a PSK callback or SRP verifier, "
        "which XMPP and IRC servers do not set up (ssl3_choose_cipher in ssl/s3_lib.c). An "
        "endpoint that refuses every version before TLS 1.3 (configured, or by its "
        "release's default, as Prosody's ``modern`` tls_profile) passes whatever its list "
        "says. A default that is not known for the judged version fails."
    ),
    sources=(
        MANIFESTO,
        Source(
            "OpenSSL 3.0 openssl-ciphers(1): cipher list format",
            "https://www.openssl.org/docs/man3.0/man1/openssl-ciphers.html",
        ),
        Source(
            "ejabberd listen options: ciphers",
            "https://docs.ejabberd.im/admin/configuration/listen-options/#ciphers",
        ),
        Source(
            "Prosody: Advanced SSL/TLS configuration", "https://prosody.im/doc/advanced_ssl_config"
        ),
        Source(
            "RFC 7525 section 6.3: Forward Secrecy",
            "https://www.rfc-editor.org/rfc/rfc7525#section-6.3",
        ),
    ),
    check=check,
)
