"""MF012: every HTTPS site sends Strict-Transport-Security for long enough."""

from __future__ import annotations

from tls_manifesto.model import Endpoint, ServerConfig, Source
from tls_manifesto.rules.base import Judgement, Rule, Scope, is_true
from tls_manifesto.rules.policies import MOZILLA, WEB_CHAPTER
from tls_manifesto.verdicts import Severity

RULE_ID = "MF012"


def https_sites(config: ServerConfig) -> list[Endpoint]:
    return [e for e in config.endpoints_with_role("web") if is_true(e.direct_tls)]


def judge(judgement: Judgement) -> str:
    minimum = judgement.requirements.min_hsts_seconds
    fix = f"send Strict-Transport-Security: max-age={minimum} (or more) on every response"
    for endpoint in judgement.endpoints:
        hsts = endpoint.hsts_max_age
        if hsts is None:
            judgement.report(
                Severity.ERROR,
                endpoint,
                "no Strict-Transport-Security header",
                detail=f"a browser that once reached the site by https can be sent to plain"
                f" http again; {fix}",
            )
        elif hsts.value < minimum:
            judgement.report(
                Severity.ERROR,
                endpoint,
                f"Strict-Transport-Security max-age={hsts.value} is shorter than"
                f" {judgement.requirements.name} asks ({minimum} s)",
                detail=fix,
                line=hsts.evidence[-1].line if hsts.evidence else None,
                evidence=hsts.evidence or endpoint.evidence,
            )
        else:
            judgement.cite(hsts.evidence)
    return (
        "an HTTPS site lacks a long enough Strict-Transport-Security header"
        if judgement.failed
        else f"every HTTPS site sends Strict-Transport-Security for at least {minimum} s"
    )


RULE = Rule(
    id=RULE_ID,
    summary="Every HTTPS site sends HSTS for at least six months",
    severity=Severity.ERROR,
    applies_to=(
        "nginx (add_header Strict-Transport-Security in the server block or inherited)",
        "Apache httpd 2.4 (Header always set Strict-Transport-Security, mod_headers)",
    ),
    documentation=(
        "HTTP Strict Transport Security (RFC 6797) tells a browser to reach the site only "
        "by https for max-age seconds, so a network attacker cannot strip TLS from later "
        "visits. The guide asks for at least six months (15768000 s) on every HTTPS "
        "virtual host; Mozilla's profiles for two years (63072000 s). The header the "
        "config sends on the site's responses is judged: for nginx the add_header lines "
        "in effect for the server block (an add_header inside a block replaces all "
        "inherited ones)."
    ),
    sources=(
        Source(
            "RFC 6797: HTTP Strict Transport Security", "https://www.rfc-editor.org/rfc/rfc6797"
        ),
        MOZILLA,
        WEB_CHAPTER,
    ),
    scope=Scope(https_sites, "no HTTPS site"),
    judge=judge,
    chapters=("web",),
)
