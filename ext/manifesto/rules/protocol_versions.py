"""MF004: SSLv2 and SSLv3 are disabled; TLS 1.0 and 1.1 are flagged."""

from __future__ import annotations

from manifesto.model import Endpoint, ServerConfig, Source
from manifesto.results import Finding, Severity, Verdict
from manifesto.rules.base import (
    MANIFESTO,
    CheckOptions,
    Rule,
    make_finding,
    not_applicable,
    setting_evidence,
    setting_line,
    uses_tls,
    verdict,
)

RULE_ID = "MF004"

# The manifesto: "disable support for SSLv2"; RFC 7568 deprecates SSLv3.
OBSOLETE = ("SSLv2", "SSLv3")
# RFC 8996 deprecates TLS 1.0 and 1.1: a warning, since the manifesto still
# allowed them "for backward compatibility with existing deployed software".
DEPRECATED = ("TLSv1", "TLSv1.1")


def check(config: ServerConfig, options: CheckOptions) -> Verdict:
    profile = config.profile
    if not profile.can_disable_protocols:
        return not_applicable(
            RULE_ID,
            config,
            f"{profile.family} {profile.version or ''} cannot disable protocol versions".replace(
                "  ", " "
            ),
        )
    endpoints = [e for e in config.endpoints if uses_tls(e)]
    if not endpoints:
        return not_applicable(RULE_ID, config, "no endpoint offers TLS")
    evidence = []
    findings: list[Finding] = []
    for endpoint in endpoints:
        problems = _enabled_protocol_findings(config, endpoint)
        if problems:
            findings.extend(problems)
        else:
            evidence.extend(setting_evidence(endpoint.disabled_protocols, endpoint))
    summary = (
        "obsolete or deprecated protocol versions stay enabled"
        if findings
        else "SSLv2, SSLv3, TLS 1.0 and TLS 1.1 are disabled"
    )
    return verdict(RULE_ID, config, summary, evidence, findings)


def _disabled(config: ServerConfig, endpoint: Endpoint) -> frozenset[str]:
    if endpoint.disabled_protocols is not None:
        return endpoint.disabled_protocols.value
    return config.profile.default_disabled_protocols


def _enabled_protocol_findings(config: ServerConfig, endpoint: Endpoint) -> list[Finding]:
    disabled = _disabled(config, endpoint)
    line = setting_line(endpoint.disabled_protocols, endpoint)
    findings = []
    for names, severity, advice in (
        (OBSOLETE, Severity.ERROR, "disable them: ejabberd no_sslv2/no_sslv3, Prosody options"),
        (DEPRECATED, Severity.WARNING, "disable them unless old clients need them"),
    ):
        enabled = [name for name in names if name not in disabled]
        if enabled:
            findings.append(
                make_finding(
                    RULE_ID,
                    severity,
                    config,
                    line,
                    f"{endpoint.name} leaves {', '.join(enabled)} enabled ({advice})",
                    setting_evidence(endpoint.disabled_protocols, endpoint),
                )
            )
    return findings


RULE = Rule(
    id=RULE_ID,
    summary="SSLv2 and SSLv3 are disabled; TLS 1.0 and 1.1 are flagged",
    severity=Severity.ERROR,
    applies_to=(
        "ejabberd 14.12 and later (protocol_options: no_sslv2, no_sslv3, no_tlsv1, no_tlsv1_1)",
        "Prosody 0.9 and later (ssl.options / ssl.protocol)",
        "Servers that cannot disable protocol versions: not applicable",
    ),
    documentation=(
        "The manifesto says implementations must 'disable support for SSLv2' and prefer the "
        "latest TLS; SSLv3 has since been deprecated (RFC 7568) and TLS 1.0/1.1 too "
        "(RFC 8996). For configs of servers that can disable protocol versions, SSLv2 or "
        "SSLv3 left enabled is an error and TLS 1.0 or 1.1 a warning. What a server "
        "disables by default for its version comes from the server profile."
    ),
    sources=(
        MANIFESTO,
        Source(
            "ejabberd listen options: protocol_options",
            "https://docs.ejabberd.im/admin/configuration/listen-options/#protocol-options",
        ),
        Source(
            "Prosody: Advanced SSL/TLS configuration", "https://prosody.im/doc/advanced_ssl_config"
        ),
        Source("RFC 7568: Deprecating SSL 3.0", "https://www.rfc-editor.org/rfc/rfc7568"),
        Source(
            "RFC 8996: Deprecating TLS 1.0 and TLS 1.1", "https://www.rfc-editor.org/rfc/rfc8996"
        ),
    ),
    check=check,
)
