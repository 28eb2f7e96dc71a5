"""MF009: every TLS endpoint has a certificate configured."""

from __future__ import annotations

from tls_manifesto.model import ServerConfig, Source
from tls_manifesto.results import Finding, Severity, Verdict
from tls_manifesto.rules.base import (
    MANIFESTO,
    CheckOptions,
    Rule,
    cited_sources,
    default_origin,
    endpoint_line,
    make_finding,
    not_applicable,
    tls_endpoints,
    verdict,
)

RULE_ID = "MF009"


def check(config: ServerConfig, options: CheckOptions) -> Verdict:
    endpoints = tls_endpoints(config)
    if not endpoints:
        return not_applicable(RULE_ID, config, "no endpoint offers TLS")
    evidence = []
    findings: list[Finding] = []
    by_lookup: list[str] = []
    notes: list[str] = []  # how a server gets a certificate no option names (ACME)
    for endpoint in endpoints:
        if endpoint.certificate is not None and endpoint.certificate.value:
            evidence.extend(endpoint.certificate.evidence)
            if endpoint.certificate_note is not None:
                notes.append(endpoint.certificate_note)
            continue
        if config.profile.certificate_lookup is not None:
            by_lookup.append(endpoint.name)  # a pass on a default cites no config line
            continue
        findings.append(
            make_finding(
                RULE_ID,
                Severity.ERROR,
                config,
                endpoint_line(endpoint),
                f"{endpoint.name} offers TLS but no certificate is configured for it "
                f"({config.profile.hints.certificate})"
                + (f"; {endpoint.certificate_note}" if endpoint.certificate_note else ""),
                endpoint.evidence,
                endpoint,
            )
        )
    summary = (
        "TLS endpoints without a certificate"
        if findings
        else "every TLS endpoint has a certificate"
    )
    for note in dict.fromkeys(notes):
        summary += f"; note: certificate {note}"
    lookup = config.profile.certificate_lookup
    if lookup is not None:
        # Prosody finds certificates itself: a file or directory the config names, or
        # by default its "certs" directory. Either way say how, with the source.
        if by_lookup:
            summary += (
                f"; {', '.join(by_lookup)} by {default_origin(config, lookup, 'certificates')}"
            )
        else:
            cited = cited_sources(config, "certificates")
            summary += f"; where no ssl.certificate names a file, {lookup} (source: {cited})"
    return verdict(RULE_ID, config, summary, evidence, findings)


RULE = Rule(
    id=RULE_ID,
    summary="Every TLS endpoint has a certificate configured",
    severity=Severity.ERROR,
    applies_to=(
        "ejabberd 2.x (certfile per listener, s2s_certfile, domain_certfile)",
        "ejabberd 13.10 and later (certfile, s2s_certfile; later versions: certfiles)",
        "Prosody (ssl.certificate, certificates directory)",
        "Charybdis (serverinfo ssl_cert)",
    ),
    documentation=(
        "TLS without a certificate cannot authenticate the server; the manifesto asks "
        "deployments to use certificates, 'if possible ... issued by well-known and "
        "widely-deployed certification authorities'. Every endpoint that offers TLS must "
        "have a certificate configured, in its own options or inherited from a global one. "
        "Prosody 0.10 and later also locate a host's certificate and key themselves in the "
        "``certificates`` directory (default ``certs`` beside the config; core/certmanager.lua "
        "find_host_cert): that option, or its default, counts as the certificate source, and "
        "the verdict says the files are located automatically."
    ),
    sources=(
        MANIFESTO,
        Source(
            "ejabberd top-level options: certfiles",
            "https://docs.ejabberd.im/admin/configuration/toplevel/#certfiles",
        ),
        Source("Prosody: Certificates", "https://prosody.im/doc/certificates"),
        Source(
            "Charybdis 4.1.2 doc/reference.conf, serverinfo block (ssl_cert)",
            "https://github.com/charybdis-ircd/charybdis/blob/charybdis-4.1.2/doc/reference.conf",
        ),
    ),
    check=check,
)
