"""MF008: the web admin is served over TLS."""

from __future__ import annotations

from tls_manifesto.model import Endpoint, ServerConfig, Source
from tls_manifesto.rules.base import (
    MANIFESTO,
    Judgement,
    Rule,
    Scope,
    is_true,
    setting_evidence,
    setting_line,
)
from tls_manifesto.verdicts import Severity

RULE_ID = "MF008"


def web_admin_listeners(config: ServerConfig) -> list[Endpoint]:
    return [e for e in config.endpoints_with_role("http") if e.web_admin]


def judge(judgement: Judgement) -> str:
    for endpoint in judgement.endpoints:
        if is_true(endpoint.direct_tls):
            judgement.cite(setting_evidence(endpoint.direct_tls, endpoint))
            continue
        judgement.report(
            Severity.ERROR,
            endpoint,
            "web admin served without TLS",
            detail="admin passwords cross the network in clear (set tls: true on that listener)",
            line=setting_line(endpoint.direct_tls, endpoint),
        )
    return "the web admin is plaintext" if judgement.failed else "the web admin is served over TLS"


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
    scope=Scope(web_admin_listeners, "no listener serves the web admin"),
    judge=judge,
    chapters=("im",),
)
