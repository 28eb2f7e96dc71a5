"""MF002: server-to-server connections require TLS."""

from __future__ import annotations

from tls_manifesto.model import Endpoint, ServerConfig, Source
from tls_manifesto.rules.base import (
    MANIFESTO,
    Judgement,
    Rule,
    Scope,
    default_origin,
    is_true,
    requires_tls_by_default,
    setting_evidence,
    setting_line,
)
from tls_manifesto.verdicts import Severity

RULE_ID = "MF002"


def server_links(config: ServerConfig) -> tuple[Endpoint, ...]:
    return config.endpoints_with_role("s2s", "irc-server")


def judge(judgement: Judgement) -> str:
    config = judgement.config
    by_default: list[str] = []
    for endpoint in judgement.endpoints:
        # Prosody: s2s_secure_auth implies encryption; ejabberd: required_trusted
        # is required plus certificate verification. Either one proves TLS is required.
        if is_true(endpoint.peer_authentication_required):
            judgement.cite(setting_evidence(endpoint.peer_authentication_required, endpoint))
        if is_true(endpoint.tls_required):
            judgement.cite(setting_evidence(endpoint.tls_required, endpoint))
        required = is_true(endpoint.tls_required) or is_true(endpoint.peer_authentication_required)
        if not required and requires_tls_by_default(endpoint, config.profile):
            by_default.append(endpoint.name)  # a pass on a default cites no config line
        elif not required:
            judgement.report(
                Severity.ERROR,
                endpoint,
                "server-to-server connections without TLS accepted",
                detail=config.profile.hints.require_s2s_tls,
                line=setting_line(endpoint.tls_required, endpoint),
            )
    summary = (
        "server-to-server connections may be plaintext"
        if judgement.failed
        else "server-to-server connections require TLS"
    )
    if by_default:
        default = "s2s_require_encryption = true"
        summary += f"; {', '.join(by_default)} by {default_origin(config, default, default)}"
    return summary


RULE = Rule(
    id=RULE_ID,
    summary="Server-to-server connections require TLS",
    severity=Severity.ERROR,
    applies_to=(
        "ejabberd 2.x (ejabberd.cfg: {s2s_use_starttls, required | required_trusted})",
        "ejabberd 13.10 and later (ejabberd.yml: s2s_use_starttls: required | required_trusted)",
        "Prosody 0.9 and later (s2s_require_encryption, s2s_secure_auth)",
        "Charybdis 3.5 and 4.x server links (connect { flags = ssl })",
    ),
    documentation=(
        "The manifesto asks deployments to require TLS for server-to-server connections, "
        "'preferably with authentication (RFC 6125) but as a fallback using unauthenticated "
        "encryption in the form of TLS plus Server Dialback'. ejabberd expresses this with "
        "``s2s_use_starttls: required`` (encryption) or ``required_trusted`` (encryption and "
        "certificate verification); Prosody with ``s2s_require_encryption = true`` and "
        "``s2s_secure_auth = true``, the latter implying the former; an IRC server link "
        "(Charybdis ``connect`` block) needs the ``ssl`` flag. A pass cites those lines; "
        "where the config says nothing and the server's default requires TLS (Prosody "
        "0.12: ``s2s_require_encryption`` defaults to true in mod_tls.lua and mod_s2s.lua), "
        "the pass names that default and its source instead."
    ),
    sources=(
        MANIFESTO,
        Source(
            "ejabberd top-level options: s2s_use_starttls",
            "https://docs.ejabberd.im/admin/configuration/toplevel/#s2s-use-starttls",
        ),
        Source(
            "Prosody: Configuring Prosody, s2s_require_encryption and s2s_secure_auth",
            "https://prosody.im/doc/s2s",
        ),
        Source("RFC 7590: Use of TLS in XMPP", "https://www.rfc-editor.org/rfc/rfc7590"),
        Source(
            "Charybdis 4.1.2 doc/reference.conf, connect block (flags: ssl)",
            "https://github.com/charybdis-ircd/charybdis/blob/charybdis-4.1.2/doc/reference.conf",
        ),
    ),
    scope=Scope(server_links, "no server-to-server endpoint is configured"),
    judge=judge,
    chapters=("im",),
)
