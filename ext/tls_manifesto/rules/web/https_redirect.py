"""MF013: every plain HTTP site redirects to https."""

from __future__ import annotations

from tls_manifesto.model import Endpoint, ServerConfig, Source
from tls_manifesto.rules.base import Judgement, Rule, Scope, is_true
from tls_manifesto.rules.policies import MOZILLA, WEB_CHAPTER
from tls_manifesto.verdicts import Severity

RULE_ID = "MF013"


def plain_sites(config: ServerConfig) -> list[Endpoint]:
    return [e for e in config.endpoints_with_role("web") if not is_true(e.direct_tls)]


def judge(judgement: Judgement) -> str:
    for endpoint in judgement.endpoints:
        redirect = endpoint.redirects_to_https
        if is_true(redirect):
            assert redirect is not None
            judgement.cite(redirect.evidence)
            continue
        judgement.report(
            Severity.ERROR,
            endpoint,
            "plain HTTP site does not redirect to https",
            detail="its pages and cookies travel in clear; answer every request with a"
            " permanent redirect to the same URL on https (nginx: return 301"
            " https://$host$request_uri; Apache: Redirect permanent / https://host/)",
            evidence=redirect.evidence if redirect is not None else None,
        )
    return (
        "a plain HTTP site serves content instead of redirecting"
        if judgement.failed
        else "every plain HTTP site redirects to https"
    )


RULE = Rule(
    id=RULE_ID,
    summary="Plain HTTP redirects to HTTPS",
    severity=Severity.ERROR,
    applies_to=(
        "nginx (return 301/308 https://... in the server block)",
        "Apache httpd 2.4 (Redirect, RedirectPermanent, or a RewriteRule to https://)",
    ),
    documentation=(
        "A site reachable by plain HTTP should serve nothing there but a redirect to the "
        "same URL on https, so that a visitor who types the bare name reaches TLS (and "
        "then HSTS keeps them there, MF012). A plain virtual host whose whole content is "
        "such a redirect passes; any other plain virtual host fails."
    ),
    sources=(
        Source(
            "RFC 6797 section 7.2: HTTP Request Type",
            "https://www.rfc-editor.org/rfc/rfc6797#section-7.2",
        ),
        MOZILLA,
        WEB_CHAPTER,
    ),
    scope=Scope(plain_sites, "no plain HTTP site"),
    judge=judge,
    chapters=("web",),
)
