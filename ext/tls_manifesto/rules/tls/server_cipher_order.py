"""MF005: the server's cipher order is enforced."""

from __future__ import annotations

from tls_manifesto.model import Endpoint, ServerConfig, Source
from tls_manifesto.rules.base import (
    MANIFESTO,
    TLS_ENDPOINTS,
    Judgement,
    Rule,
    default_origin,
    server_name,
    setting_evidence,
    setting_line,
    speaks_only_tls13,
)
from tls_manifesto.tls.ciphers import OPENSSL_VERSION
from tls_manifesto.tls.effective_ciphers import effective_ciphers
from tls_manifesto.verdicts import Severity

RULE_ID = "MF005"


# Words in a profile source's title that mark it as the citation for the order default.
_SOURCE_KEYWORDS = ("server_preference", "server-preference", "protocol_options")


def judge(judgement: Judgement) -> str:
    config = judgement.config
    for endpoint in judgement.endpoints:
        setting = endpoint.server_cipher_order
        default = config.profile.default_server_cipher_order
        if setting is None and default is None:
            judgement.report_unknown_default(endpoint, "cipher order")
            continue
        enforced = setting.value if setting is not None else default
        if enforced:
            # A pass that rests on the server's default cites no config line.
            judgement.cite(setting.evidence if setting is not None else ())
            continue
        origin = "" if setting is not None else f"; {_default_text(config)}"
        if _only_forward_secret(config, endpoint):
            _note_order_cannot_weaken(judgement, endpoint, origin)
            continue
        judgement.report(
            Severity.WARNING,
            endpoint,
            "the client's cipher order decides",
            detail=f"a preferred forward-secret order is not enforced ({_advice(config)}{origin})",
            line=setting_line(setting, endpoint),
            evidence=setting_evidence(setting, endpoint),
        )
    summary = (
        "the client's cipher order wins"
        if judgement.failed
        else "the server's cipher order is enforced, or every suite offered is forward-secret"
    )
    if not all(e.server_cipher_order is not None for e in judgement.endpoints):
        summary += f"; where nothing is configured, {_default_text(config)}"
    return summary


def _only_forward_secret(config: ServerConfig, endpoint: Endpoint) -> bool:
    """Every suite the endpoint can negotiate is forward-secret (TLS 1.3 suites all are)."""
    if speaks_only_tls13(config, endpoint):
        return True
    ciphers = effective_ciphers(config, endpoint)
    if ciphers is None or ciphers.expansion is None or not ciphers.expansion.suites:
        return False
    return not ciphers.expansion.non_forward_secret


def _note_order_cannot_weaken(judgement: Judgement, endpoint: Endpoint, origin: str) -> None:
    """Whatever the client picks is forward-secret: the order cannot weaken it, a note."""
    ciphers = effective_ciphers(judgement.config, endpoint)
    if ciphers is None or speaks_only_tls13(judgement.config, endpoint):
        offered, line, evidence = (
            "only TLS 1.3 is accepted, whose suites are all forward-secret",
            None,
            None,
        )
    else:
        offered = f"{ciphers.origin(judgement.config)} selects only forward-secret suites with "
        offered += OPENSSL_VERSION
        line, evidence = ciphers.line, ciphers.evidence
        judgement.cite(ciphers.evidence if ciphers.configured else ())
    judgement.report(
        Severity.NOTE,
        endpoint,
        "the client's cipher order decides, but every suite offered is forward-secret",
        detail=(
            f"{offered}, so the client's order cannot weaken forward secrecy; "
            "Mozilla's intermediate profile leaves the server's order off on purpose "
            f"(https://wiki.mozilla.org/Security/Server_Side_TLS){origin}"
        ),
        line=line,
        evidence=evidence,
    )


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
        "cites no config line. Where every suite the endpoint can negotiate is forward-secret "
        "(its cipher list selects no static-RSA or static-DH suite; TLS 1.3 suites always "
        "are), the client's order cannot weaken forward secrecy: the rule passes with a "
        "note. Mozilla's intermediate profile turns the server's order off on purpose for "
        "such lists, so that clients without AES hardware may pick ChaCha20."
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
        Source(
            "Mozilla Server Side TLS, intermediate configuration (server cipher preference off)",
            "https://wiki.mozilla.org/Security/Server_Side_TLS",
        ),
    ),
    scope=TLS_ENDPOINTS,
    judge=judge,
)
