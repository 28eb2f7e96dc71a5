"""MF005: the server's cipher order is enforced."""

from __future__ import annotations

from manifesto.model import ServerConfig, Source
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

RULE_ID = "MF005"


def check(config: ServerConfig, options: CheckOptions) -> Verdict:
    profile = config.profile
    if not profile.can_set_server_cipher_order:
        return not_applicable(
            RULE_ID,
            config,
            f"{profile.family} {profile.version or ''} cannot enforce the server's cipher order",
        )
    endpoints = [e for e in config.endpoints if uses_tls(e)]
    if not endpoints:
        return not_applicable(RULE_ID, config, "no endpoint offers TLS")
    evidence = []
    findings: list[Finding] = []
    for endpoint in endpoints:
        setting = endpoint.server_cipher_order
        enforced = setting.value if setting is not None else profile.default_server_cipher_order
        if enforced:
            evidence.extend(setting_evidence(setting, endpoint))
            continue
        findings.append(
            make_finding(
                RULE_ID,
                Severity.WARNING,
                config,
                setting_line(setting, endpoint),
                f"{endpoint.name} lets the client choose the cipher suite, so a preferred "
                "forward-secret order is not enforced (ejabberd protocol_options: "
                "cipher_server_preference; Prosody ssl.options cipher_server_preference)",
                setting_evidence(setting, endpoint),
            )
        )
    summary = (
        "the client's cipher order wins" if findings else "the server's cipher order is enforced"
    )
    return verdict(RULE_ID, config, summary, evidence, findings)


RULE = Rule(
    id=RULE_ID,
    summary="The server's cipher suite order is enforced",
    severity=Severity.WARNING,
    applies_to=(
        "ejabberd 14.12 and later (protocol_options: cipher_server_preference)",
        "Prosody 0.9 and later (ssl.options: cipher_server_preference)",
    ),
    documentation=(
        "To 'prefer' forward-secret suites, as the manifesto asks, the order of the server's "
        "cipher list must decide; by default OpenSSL follows the client's order unless "
        "SSL_OP_CIPHER_SERVER_PREFERENCE is set. ejabberd sets it with the "
        "``cipher_server_preference`` protocol option, Prosody with the "
        "``cipher_server_preference`` entry in ``ssl.options``."
    ),
    sources=(
        MANIFESTO,
        Source(
            "OpenSSL 3.0 SSL_CTX_set_options: SSL_OP_CIPHER_SERVER_PREFERENCE",
            "https://www.openssl.org/docs/man3.0/man3/SSL_CTX_set_options.html",
        ),
        Source(
            "ejabberd listen options: protocol_options",
            "https://docs.ejabberd.im/admin/configuration/listen-options/#protocol-options",
        ),
        Source(
            "Prosody: Advanced SSL/TLS configuration", "https://prosody.im/doc/advanced_ssl_config"
        ),
    ),
    check=check,
)
