"""MF008: the web admin is served over TLS."""

from __future__ import annotations

from tls_manifesto.model import ServerConfig, Source
from tls_manifesto.results import Finding, Severity, Verdict
from tls_manifesto.rules.base import (
    MANIFESTO,
    CheckOptions,
    Rule,
    is_true,
    make_finding,
    not_applicable,
    setting_evidence,
    setting_line,
    verdict,
)

RULE_ID = "MF008"


def check(config: ServerConfig, options: CheckOptions) -> Verdict:
    admin = [e for e in config.endpoints_with_role("http") if e.web_admin]
    if not admin:
        return not_applicable(RULE_ID, config, "no listener serves the web admin")
    evidence = []
    findings: list[Finding] = []
    for endpoint in admin:
        if is_true(endpoint.direct_tls):
            evidence.extend(setting_evidence(endpoint.direct_tls, endpoint))
            continue
        findings.append(
            make_finding(
                RULE_ID,
                Severity.ERROR,
                config,
                setting_line(endpoint.direct_tls, endpoint),
                f"{endpoint.name} serves the web admin without TLS, so admin passwords "
                "cross the network in clear (set tls: true on that listener)",
                endpoint.evidence,
                endpoint,
            )
        )
    summary = "the web admin is plaintext" if findings else "the web admin is served over TLS"
    return verdict(RULE_ID, config, summary, evidence, findings)


RULE = Rule(
    id=RULE_ID,
    summary="The web admin interface is served over TLS",
    severity=Severity.ERROR,
    applies_to=(
        "ejabberd 2.x (ejabberd_http listener with web_admin, option tls)",
        "ejabberd 13.10 and later (ejabberd_http with request_handlers /admin, tls: true)",
    ),
    documentation=(
        "The web admin carries administrator credentials; the manifesto's aim of "
        "ubiquitous encryption covers it as much as XMPP streams. An ejabberd_http "
        "listener that serves the admin pages must use TLS from the first byte "
        "(``tls: true``)."
    ),
    sources=(
        MANIFESTO,
        Source(
            "ejabberd listen modules: ejabberd_http and its tls option",
            "https://docs.ejabberd.im/admin/configuration/listen/#ejabberd-http",
        ),
        Source(
            "ejabberd 2.1 Installation and Operation Guide, section 3.1.3 Listening Ports",
            "https://www.process-one.net/docs/ejabberd/guide_en.html",
        ),
    ),
    check=check,
)
