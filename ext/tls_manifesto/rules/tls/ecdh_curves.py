"""MF007: configured ECDHE curves give at least 128-bit security."""

from __future__ import annotations

from tls_manifesto.model import Endpoint, ServerConfig, Source
from tls_manifesto.rules.base import MANIFESTO, Judgement, Rule, Scope
from tls_manifesto.verdicts import Severity

RULE_ID = "MF007"

# Security strength in bits: NIST SP 800-57 Part 1 Rev. 5 Table 2 (prime curves),
# RFC 7748 section 1 (X25519 ~128, X448 ~224), RFC 5639 (Brainpool).
CURVE_STRENGTH_BITS = {
    "prime256v1": 128,
    "secp256r1": 128,
    "p-256": 128,
    "secp384r1": 192,
    "p-384": 192,
    "secp521r1": 256,
    "p-521": 256,
    "x25519": 128,
    "x448": 224,
    "brainpoolp256r1": 128,
    "brainpoolp384r1": 192,
    "brainpoolp512r1": 256,
    "secp256k1": 128,
    "secp224r1": 112,
    "p-224": 112,
    "prime192v1": 96,
    "secp192r1": 96,
    "p-192": 96,
    "secp160r1": 80,
    # Hybrid groups (draft-ietf-tls-ecdhe-mlkem; OpenSSL 3.5's default list starts with the
    # first): at least as strong as their classical half, which is what is counted here.
    "x25519mlkem768": 128,
    "secp256r1mlkem768": 128,
    "secp384r1mlkem1024": 192,
}
MINIMUM_STRENGTH_BITS = 128


def endpoints_with_curves(config: ServerConfig) -> list[Endpoint]:
    return [e for e in config.endpoints if e.ecdh_curves is not None]


def judge(judgement: Judgement) -> str:
    for endpoint in judgement.endpoints:
        setting = endpoint.ecdh_curves
        assert setting is not None  # the scope holds only endpoints with a curve list
        line = setting.evidence[-1].line if setting.evidence else None
        if not judgement.first_at(line, setting.evidence, endpoint):
            continue  # endpoints inheriting one curve list get one finding
        weak = [
            c
            for c in setting.value
            if CURVE_STRENGTH_BITS.get(c.lower(), 0) < MINIMUM_STRENGTH_BITS
        ]
        unknown = [c for c in weak if c.lower() not in CURVE_STRENGTH_BITS]
        too_weak = [c for c in weak if c not in unknown]
        if too_weak:
            judgement.report(
                Severity.ERROR,
                endpoint,
                f"curves below {MINIMUM_STRENGTH_BITS}-bit security: {', '.join(too_weak)}",
                detail="use X25519, prime256v1 or secp384r1",
                line=line,
                evidence=setting.evidence,
            )
        if unknown:
            judgement.report(
                Severity.WARNING,
                endpoint,
                f"curves of unknown strength: {', '.join(unknown)}",
                detail="check the spelling against openssl ecparam -list_curves",
                line=line,
                evidence=setting.evidence,
            )
        if not weak:
            judgement.cite(setting.evidence)
    if judgement.failed:
        return "weak or unknown ECDH curves are configured"
    return f"every configured ECDH curve gives at least {MINIMUM_STRENGTH_BITS}-bit security"


RULE = Rule(
    id=RULE_ID,
    summary="Configured ECDHE curves give at least 128-bit security",
    severity=Severity.ERROR,
    applies_to=(
        "ejabberd: no curve option in the versions covered (not applicable)",
        "Prosody 0.9 and later (ssl.curve, ssl.curveslist)",
    ),
    documentation=(
        "ECDHE gives the forward secrecy the manifesto asks for only with a curve of adequate "
        "strength. When a config names its curves, each must give at least 128-bit security: "
        "P-256 (prime256v1), P-384, P-521, X25519, X448 or the Brainpool curves of the same "
        "sizes (NIST SP 800-57 Part 1 table 2; RFC 7748). A config that names no curves is "
        "not judged here."
    ),
    sources=(
        MANIFESTO,
        Source(
            "NIST SP 800-57 Part 1 Rev. 5, Recommendation for Key Management",
            "https://doi.org/10.6028/NIST.SP.800-57pt1r5",
        ),
        Source("RFC 7748: Elliptic Curves for Security", "https://www.rfc-editor.org/rfc/rfc7748"),
        Source(
            "Prosody: Advanced SSL/TLS configuration", "https://prosody.im/doc/advanced_ssl_config"
        ),
    ),
    scope=Scope(endpoints_with_curves, "no ECDH curve list is configured"),
    judge=judge,
)
