"""MF009: every TLS endpoint has a certificate configured."""

from __future__ import annotations

from tls_manifesto.model import Source
from tls_manifesto.rules.base import (
    MANIFESTO,
    TLS_ENDPOINTS,
    Judgement,
    Rule,
    cited_sources,
    default_origin,
)
from tls_manifesto.verdicts import Severity

RULE_ID = "MF009"


def judge(judgement: Judgement) -> str:
    config = judgement.config
    by_lookup: list[str] = []
    notes: list[str] = []  # how a server gets a certificate no option names (ACME)
    for endpoint in judgement.endpoints:
        if endpoint.certificate is not None and endpoint.certificate.value:
            judgement.cite(endpoint.certificate.evidence)
            if endpoint.certificate_note is not None:
                notes.append(endpoint.certificate_note)
        elif config.profile.certificate_lookup is not None:
            by_lookup.append(endpoint.name)  # a pass on a default cites no config line
        else:
            judgement.report(
                Severity.ERROR,
                endpoint,
                "TLS offered without a certificate",
                detail=config.profile.hints.certificate
                + (f"; {endpoint.certificate_note}" if endpoint.certificate_note else ""),
            )
    summary = (
        "TLS endpoints without a certificate"
        if judgement.failed
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
    return summary


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
    scope=TLS_ENDPOINTS,
    judge=judge,
)
