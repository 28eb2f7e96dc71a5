"""MF001: every client listener requires TLS."""

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

RULE_ID = "MF001"


def client_listeners(config: ServerConfig) -> tuple[Endpoint, ...]:
    """c2s and IRC client listeners, and HTTP listeners that carry client sessions (BOSH)."""
    http = tuple(e for e in config.endpoints_with_role("http") if e.client_transports)
    return config.endpoints_with_role("c2s", "irc-client") + http


def judge(judgement: Judgement) -> str:
    config = judgement.config
    by_default: list[str] = []
    plaintext = 0
    for endpoint in judgement.endpoints:
        if is_true(endpoint.direct_tls):
            judgement.cite(setting_evidence(endpoint.direct_tls, endpoint))
        elif endpoint.client_transports:
            # HTTP has no STARTTLS: only TLS from the first byte protects these logins.
            plaintext += 1
            _report_plaintext_http(judgement, endpoint)
        elif is_true(endpoint.tls_required):
            judgement.cite(setting_evidence(endpoint.tls_required, endpoint))
        elif requires_tls_by_default(endpoint, config.profile):
            by_default.append(endpoint.name)  # a pass on a default cites no config line
        else:
            plaintext += 1
            _report_plaintext(judgement, endpoint)
    count = len(judgement.endpoints)
    summary = (
        f"{plaintext} of {count} client listeners accept plaintext"
        if plaintext
        else f"all {count} client listeners require TLS"
    )
    if by_default:
        summary += f"; {', '.join(by_default)} by {_default_text(config)}"
    return summary


def _default_text(config: ServerConfig) -> str:
    return default_origin(config, "c2s_require_encryption = true", "c2s_require_encryption")


def _report_plaintext(judgement: Judgement, endpoint: Endpoint) -> None:
    hint = judgement.profile.hints.require_c2s_tls
    if endpoint.role == "irc-client":
        message, detail = "plaintext client port", hint
        setting = endpoint.direct_tls
    else:
        message, detail = "clients may log in without TLS", f"require it: {hint}"
        setting = endpoint.tls_required
    judgement.report(
        Severity.ERROR, endpoint, message, detail=detail, line=setting_line(setting, endpoint)
    )


def _report_plaintext_http(judgement: Judgement, endpoint: Endpoint) -> None:
    transports = " and ".join(endpoint.client_transports)
    judgement.report(
        Severity.ERROR,
        endpoint,
        f"{transports} clients may log in over plain HTTP",
        detail="serve that listener with tls: true (or waive it, naming the TLS proxy in front)",
        line=setting_line(endpoint.direct_tls, endpoint),
    )


RULE = Rule(
    id=RULE_ID,
    summary="Client-to-server connections require TLS",
    severity=Severity.ERROR,
    applies_to=(
        "ejabberd 2.x (ejabberd.cfg: starttls_required, tls on ejabberd_c2s listeners)",
        "ejabberd 13.10 and later (ejabberd.yml: starttls_required, tls)",
        "Prosody 0.9 and later (c2s_require_encryption)",
        "Charybdis 3.5 and 4.x (listen { sslport } versus plaintext port)",
        "ejabberd_http listeners serving BOSH or WebSocket (tls)",
    ),
    documentation=(
        "The manifesto commits service deployments to 'require the use of TLS for both "
        "client-to-server and server-to-server connections'. Every client listener must "
        "therefore either speak TLS from the first byte (ejabberd ``tls: true``, "
        "Charybdis ``sslport``) or refuse to continue without STARTTLS (ejabberd "
        "``starttls_required: true``, Prosody ``c2s_require_encryption = true``). "
        "An ejabberd_http listener that serves BOSH or WebSocket carries client logins "
        "too, and HTTP has no STARTTLS, so it must use ``tls: true``; behind a "
        "TLS-terminating proxy on the same host, waive the rule for it with that reason. "
        "A pass cites the line that requires TLS for each listener; a fail points at the "
        "listener that still accepts plaintext. Where the config says nothing and the "
        "server's default requires TLS (Prosody 0.12: ``c2s_require_encryption`` defaults "
        "to true in mod_tls.lua and mod_saslauth.lua), the pass names that default and its "
        "source instead of a line."
    ),
    sources=(
        MANIFESTO,
        Source(
            "ejabberd listen options: starttls_required, tls",
            "https://docs.ejabberd.im/admin/configuration/listen-options/",
        ),
        Source(
            "ejabberd 2.1 Installation and Operation Guide, section 3.1.3 Listening Ports",
            "https://www.process-one.net/docs/ejabberd/guide_en.html",
        ),
        Source(
            "Prosody: Configuring Prosody, c2s_require_encryption",
            "https://prosody.im/doc/configure",
        ),
        Source(
            "Charybdis 4.1.2 doc/reference.conf, listen block (port, sslport)",
            "https://github.com/charybdis-ircd/charybdis/blob/charybdis-4.1.2/doc/reference.conf",
        ),
    ),
    scope=Scope(client_listeners, "no client listener is configured"),
    judge=judge,
    chapters=("im",),
)
