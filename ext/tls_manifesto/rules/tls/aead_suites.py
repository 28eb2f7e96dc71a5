"""MF011: every cipher suite offered is an AEAD suite (the web and mail policies, Mozilla's)."""

from __future__ import annotations

from tls_manifesto.model import Source
from tls_manifesto.rules.base import (
    TLS_ENDPOINTS,
    Judgement,
    Rule,
    speaks_only_tls13,
)
from tls_manifesto.rules.policies import MAIL_CHAPTER, MOZILLA, WEB_CHAPTER
from tls_manifesto.tls.ciphers import OPENSSL_VERSION
from tls_manifesto.tls.effective_ciphers import effective_ciphers
from tls_manifesto.verdicts import Severity, name_list

RULE_ID = "MF011"
_FIX = "keep only AEAD suites, e.g. ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:DHE+CHACHA20"


def judge(judgement: Judgement) -> str:
    for endpoint in judgement.endpoints:
        if speaks_only_tls13(judgement.config, endpoint):
            # Every TLS 1.3 suite is AEAD (RFC 8446 section 5.2).
            if endpoint.disabled_protocols is not None:
                judgement.cite(endpoint.disabled_protocols.evidence)
            continue
        ciphers = effective_ciphers(judgement.config, endpoint)
        if ciphers is None:
            judgement.report_unknown_default(endpoint, "cipher list")
            continue
        if not judgement.first_at(ciphers.line, ciphers.evidence, endpoint):
            continue  # one finding per shared line
        if ciphers.expansion is None:
            problem, fix = f"cipher list does not expand: {ciphers.error}", "fix the cipher string"
        else:
            others = tuple(s for s in ciphers.expansion.suites if not s.aead)
            if not others:
                judgement.cite(ciphers.evidence)
                continue
            names = name_list([s.name for s in others], limit=2)
            every = ", ".join(s.name for s in others)
            problem = "non-AEAD suites offered" + ("" if ciphers.configured else " by default")
            problem, fix = f"{problem}: {names}", f"{_FIX}; all of them: {every}"
        judgement.report(
            Severity.ERROR,
            endpoint,
            problem,
            detail=f"{fix}; {ciphers.origin(judgement.config)}; expanded with {OPENSSL_VERSION}",
            line=ciphers.line,
            evidence=ciphers.evidence,
        )
    return (
        f"cipher lists offer non-AEAD suites (expanded with {OPENSSL_VERSION})"
        if judgement.failed
        else f"every cipher list offers AEAD suites only (expanded with {OPENSSL_VERSION})"
    )


RULE = Rule(
    id=RULE_ID,
    summary="Only AEAD cipher suites are offered",
    severity=Severity.ERROR,
    applies_to=(
        "every server whose cipher list can be set, under the guide's web and mail policies"
        " and Mozilla's profiles",
    ),
    documentation=(
        "CBC suites with a separate MAC have been attacked again and again through their "
        "padding (POODLE, Lucky Thirteen); AEAD suites (AES-GCM, AES-CCM, "
        "ChaCha20-Poly1305) authenticate and encrypt in one step. The web and mail chapters "
        "and Mozilla's intermediate profile allow only AEAD suites. The cipher string in "
        "effect (configured, or the server's default for the judged version) is expanded "
        "with the local OpenSSL, and each TLS 1.2 or older suite it selects must be AEAD; "
        "an endpoint that speaks only TLS 1.3 passes, since every TLS 1.3 suite is AEAD. "
        "The XMPP manifesto does not ask for it, so IM servers are not judged by it under "
        "``require-fs`` and ``prefer-fs``."
    ),
    sources=(
        Source(
            "RFC 7525 section 4.2: Recommended Cipher Suites",
            "https://www.rfc-editor.org/rfc/rfc7525#section-4.2",
        ),
        MOZILLA,
        WEB_CHAPTER,
        MAIL_CHAPTER,
    ),
    scope=TLS_ENDPOINTS,
    judge=judge,
)
