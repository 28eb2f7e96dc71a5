"""MF009: every TLS endpoint has a certificate configured."""

from __future__ import annotations

from tls_manifesto.model import CertificateSearch, Endpoint, Source
from tls_manifesto.rules.base import (
    MANIFESTO,
    TLS_ENDPOINTS,
    Judgement,
    Rule,
    cited_sources,
    default_origin,
)
from tls_manifesto.verdicts import Severity, endpoint_list

RULE_ID = "MF009"


def judge(judgement: Judgement) -> str:
    config = judgement.config
    by_lookup: list[str] = []
    found: dict[str, list[str]] = {}  # certificate file the server's search takes -> endpoints
    notes: list[str] = []  # how a server gets a certificate no option names (ACME)
    for endpoint in judgement.endpoints:
        if endpoint.certificate is not None and endpoint.certificate.value:
            judgement.cite(endpoint.certificate.evidence)
            if endpoint.certificate_note is not None:
                notes.append(endpoint.certificate_note)
        elif endpoint.certificate_search is not None:
            search = endpoint.certificate_search
            if search.found is not None:
                judgement.cite(search.evidence)
                found.setdefault(search.found, []).append(endpoint.name)
            else:
                _report_none_found(judgement, endpoint, search)
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
    for file, names in found.items():
        unique = list(dict.fromkeys(names))
        by_lookup.append(f"{endpoint_list(unique, limit=len(unique))} ({file})")
    summary = (
        "TLS endpoints without a certificate"
        if judgement.failed
        else "every TLS endpoint has a certificate"
    )
    for note in dict.fromkeys(notes):
        summary += f"; note: certificate {note}"
    lookup = config.profile.certificate_lookup
    if lookup is not None and (by_lookup or not judgement.failed):
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


def _report_none_found(judgement: Judgement, endpoint: Endpoint, search: CertificateSearch) -> None:
    """The server's own search finds nothing: every handshake there fails.

    Prosody 0.12 core/certmanager.lua create_context then logs "No certificate
    present in SSL/TLS configuration for <host>" and the handshake has no
    certificate to send; 0.10 and 0.11 refuse the context.
    """
    why = search.problem or f"nothing there for {search.name}"
    looked = ", ".join(search.looked_for)
    judgement.report(
        Severity.ERROR,
        endpoint,
        f"no certificate for {search.name}: {why}",
        detail=f"looked for {looked}; {judgement.profile.hints.certificate}, or put "
        f"{search.name}.crt and {search.name}.key in {search.directory} "
        f"(source: {cited_sources(judgement.config, 'certificates')})",
    )


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
        "the verdict names the file found. The search is done where Prosody does it, "
        "per host (an index of certificates naming the host from 0.12, then <host>.crt and "
        ".key, <host>/fullchain.pem and privkey.pem, <host>.pem, then the parent domain): a "
        "host with none fails, and a directory that is missing or empty cannot pass."
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
