"""MF005: the server's cipher order is enforced."""

from __future__ import annotations

from tls_manifesto.model import ServerConfig, Source
from tls_manifesto.results import Finding, Severity, Verdict
from tls_manifesto.rules.base import (
    MANIFESTO,
    CheckOptions,
    Rule,
    default_origin,
    make_finding,
    not_applicable,
    server_name,
    setting_evidence,
    setting_line,
    tls_endpoints,
    unknown_default,
    verdict,
)

RULE_ID = "MF005"


# Words in a profile source's title that mark it as the citation for the order default.
_SOURCE_KEYWORDS = ("server_preference", "server-preference", "protocol_options")


def check(config: ServerConfig, options: CheckOptions) -> Verdict:
    endpoints = tls_endpoints(config)
    if not endpoints:
        return not_applicable(RULE_ID, config, "no endpoint offers TLS")
    evidence = []
    findings: list[Finding] = []
    for endpoint in endpoints:
        setting = endpoint.server_cipher_order
        default = config.profile.default_server_cipher_order
        if setting is None and default is None:
            findings.append(unknown_default(RULE_ID, config, endpoint, "cipher order"))
            continue
        enforced = setting.value if setting is not None else default
        if enforced:
            # A pass that rests on the server's default cites no config line.
            evidence.extend(setting.evidence if setting is not None else ())
            continue
        origin = "" if setting is not None else f"; {_default_text(config)}"
        findings.append(
            make_finding(
                RULE_ID,
                Severity.WARNING,
                config,
                setting_line(setting, endpoint),
                f"{endpoint.name} lets the client choose the cipher suite, so a preferred "
                f"forward-secret order is not enforced ({_advice(config)}{origin})",
                setting_evidence(setting, endpoint),
                endpoint,
            )
        )
    summary = (
        "the client's cipher order wins" if findings else "the server's cipher order is enforced"
    )
    if not all(e.server_cipher_order is not None for e in endpoints):
        summary += f"; where nothing is configured, {_default_text(config)}"
    return verdict(RULE_ID, config, summary, evidence, findings)


def _default_text(config: ServerConfig) -> str:
    if config.profile.default_server_cipher_order is None:
        return f"whose order {server_name(config)} follows is not known"
    order = "server" if config.profile.default_server_cipher_order else "client"
    return default_origin(config, f"the {order}'s cipher order", *_SOURCE_KEYWORDS)


def _advice(config: ServerConfig) -> str:
    """The profile's hint: how this server version enforces its order, or that it cannot."""
    return config.profile.hints.server_cipher_order


RULE = Rule(
    id=RULE_ID,
    summary="The server's cipher suite order is enforced",
    severity=Severity.WARNING,
    applies_to=(
        "ejabberd 14.12 and later (protocol_options: cipher_server_preference)",
        "Prosody 0.9 and later (ssl.options: cipher_server_preference)",
        "Servers that cannot set the order (ejabberd 2.x, 13.12; Charybdis, Solanum): their"
        " defaults"
        " are judged",
    ),
    documentation=(
        "To 'prefer' forward-secret suites, as the manifesto asks, the order of the server's "
        "cipher list must decide; by default OpenSSL follows the client's order unless "
        "SSL_OP_CIPHER_SERVER_PREFERENCE is set. ejabberd sets it with the "
        "``cipher_server_preference`` protocol option, Prosody with the "
        "``cipher_server_preference`` entry in ``ssl.options``. Where the config sets nothing, "
        "or the version has no option for it, the server's default for that version is "
        "judged (from the server profile, with its source); a pass that rests on a default "
        "cites no config line."
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
