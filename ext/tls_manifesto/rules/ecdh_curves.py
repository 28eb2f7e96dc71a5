"""MF007: configured ECDHE curves give at least 128-bit security."""

from __future__ import annotations

from tls_manifesto.model import ServerConfig, Source
from tls_manifesto.results import Finding, Severity, Verdict
from tls_manifesto.rules.base import (
    MANIFESTO,
    CheckOptions,
    Rule,
    make_finding,
    not_applicable,
    unscope_shared_lines,
    verdict,
)

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
}
MINIMUM_STRENGTH_BITS = 128


def check(config: ServerConfig, options: CheckOptions) -> Verdict:
    with_curves = [(e, e.ecdh_curves) for e in config.endpoints if e.ecdh_curves is not None]
    if not with_curves:
        return not_applicable(RULE_ID, config, "no ECDH curve list is configured")
    evidence = []
    findings: list[Finding] = []
    judged: set[tuple[str | None, int | None]] = set()
    endpoints_by_line: dict[int | None, set[str]] = {}
    for endpoint, setting in with_curves:
        line = setting.evidence[-1].line if setting.evidence else None
        if line is not None:
            endpoints_by_line.setdefault(line, set()).add(endpoint.name)
        # The same line of another file (an include) is another setting.
        where = (setting.evidence[-1].path if setting.evidence else None, line)
        if line is not None and where in judged:
            continue  # endpoints inheriting one curve list get one finding
        judged.add(where)
        weak = [
            c
            for c in setting.value
            if CURVE_STRENGTH_BITS.get(c.lower(), 0) < MINIMUM_STRENGTH_BITS
        ]
        unknown = [c for c in weak if c.lower() not in CURVE_STRENGTH_BITS]
        too_weak = [c for c in weak if c not in unknown]
        if too_weak:
            findings.append(
                make_finding(
                    RULE_ID,
                    Severity.ERROR,
                    config,
                    line,
                    f"{endpoint.name} offers curves below {MINIMUM_STRENGTH_BITS}-bit security: "
                    f"{', '.join(too_weak)} (use X25519, prime256v1 or secp384r1)",
                    setting.evidence,
                    endpoint,
                )
            )
        if unknown:
            findings.append(
                make_finding(
                    RULE_ID,
                    Severity.WARNING,
                    config,
                    line,
                    f"{endpoint.name} names curves of unknown strength: {', '.join(unknown)} "
                    "(check the spelling against openssl ecparam -list_curves)",
                    setting.evidence,
                    endpoint,
                )
            )
        if not weak:
            evidence.extend(setting.evidence)
    findings = unscope_shared_lines(findings, endpoints_by_line)
    summary = (
        "weak or unknown ECDH curves are configured"
        if findings
        else f"every configured ECDH curve gives at least {MINIMUM_STRENGTH_BITS}-bit security"
    )
    return verdict(RULE_ID, config, summary, evidence, findings)


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
    check=check,
)
