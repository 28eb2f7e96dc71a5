"""MF003: the cipher list prefers (prefer-fs) or requires (require-fs) forward secrecy."""

from __future__ import annotations

from typing import Literal

from tls_manifesto.model import Source
from tls_manifesto.rules.base import (
    MANIFESTO,
    TLS_ENDPOINTS,
    Judgement,
    Rule,
    speaks_only_tls13,
)
from tls_manifesto.tls.ciphers import OPENSSL_VERSION, CipherSuite
from tls_manifesto.tls.effective_ciphers import EffectiveCiphers, effective_ciphers
from tls_manifesto.verdicts import Severity, name_list

Stance = Literal["prefer", "require"]

RULE_ID = "MF003"
_FIX = {
    "require": "exclude them, e.g. append :!kRSA:!kECDH:!kDH:!PSK",
    "prefer": "put ECDHE/DHE suites first, e.g. start the list with kEECDH:kEDH",
}


def judge(judgement: Judgement) -> str:
    policy = judgement.options.policy
    stance = judgement.requirements.forward_secrecy
    tls13_only: list[str] = []
    for endpoint in judgement.endpoints:
        if speaks_only_tls13(judgement.config, endpoint):
            # TLS 1.3 has only forward-secret key exchanges (RFC 8446 section 2), and the
            # cipher list names TLS 1.2 suites: it cannot weaken such an endpoint.
            tls13_only.append(endpoint.name)
            if endpoint.disabled_protocols is not None:
                judgement.cite(endpoint.disabled_protocols.evidence)
            continue
        ciphers = effective_ciphers(judgement.config, endpoint)
        if ciphers is None:
            judgement.report_unknown_default(endpoint, "cipher list")
        elif judgement.first_at(
            ciphers.line, ciphers.evidence, endpoint
        ):  # one finding per shared line
            problem = _judge(ciphers, stance)
            if problem is None:
                judgement.cite(ciphers.evidence)
            else:
                message, fix = problem
                origin = ciphers.origin(judgement.config)
                judgement.report(
                    Severity.ERROR,
                    endpoint,
                    message
                    if ciphers.configured
                    else message.replace(" offered:", " by default:", 1),
                    detail=f"{fix}; {judgement.profile.hints.ciphers}; {origin}; "
                    f"expanded with {OPENSSL_VERSION}",
                    line=ciphers.line,
                    evidence=ciphers.evidence,
                )
    policy_text = "requires" if stance == "require" else "prefers"
    summary = (
        f"cipher lists fail {policy} (expanded with {OPENSSL_VERSION})"
        if judgement.failed
        else f"every cipher list {policy_text} forward secrecy (expanded with {OPENSSL_VERSION})"
    )
    if tls13_only:
        names = ", ".join(dict.fromkeys(tls13_only))
        summary += f"; {names}: only TLS 1.3, whose suites are all forward-secret"
    return summary


def _judge(ciphers: EffectiveCiphers, stance: Stance) -> tuple[str, str] | None:
    """What is wrong with this cipher string when the policy ``stance`` is to prefer or
    require forward secrecy, and how to fix it, or None.

    The message names the first suites; the fix names them all.
    """
    if ciphers.expansion is None:
        return f"cipher list does not expand: {ciphers.error}", "fix the cipher string"
    expansion = ciphers.expansion
    if not expansion.suites:
        return "cipher list selects no TLS 1.2 or older suite", "fix the cipher string"
    if stance == "require":
        offending = expansion.non_forward_secret
        what = "non-forward-secret suites offered"
    else:
        if not any(s.forward_secret for s in expansion.suites):
            return "no forward-secret suite offered", _FIX[stance]
        offending = expansion.non_forward_secret_before_forward_secret
        what = "non-forward-secret suites offered before forward-secret ones"
    if not offending:
        return None
    every = ", ".join(s.name for s in offending)
    return f"{what}: {_suite_names(offending)}", f"{_FIX[stance]}; all of them: {every}"


def _suite_names(suites: tuple[CipherSuite, ...]) -> str:
    return name_list([s.name for s in suites], limit=2)


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
        "says. A default that is not known for the judged version fails. The guide's web and "
        "mail policies and Mozilla's profiles require forward secrecy under either name."
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
    scope=TLS_ENDPOINTS,
    judge=judge,
)
