"""MF004: SSLv2 and SSLv3 are disabled; TLS 1.0 and 1.1 are flagged."""

from __future__ import annotations

from tls_manifesto.model import Endpoint, ServerConfig, Source
from tls_manifesto.rules.base import (
    MANIFESTO,
    TLS_ENDPOINTS,
    Judgement,
    Rule,
    cited_sources,
    default_origin,
    server_name,
    setting_evidence,
    setting_line,
)
from tls_manifesto.verdicts import Severity

RULE_ID = "MF004"

# The manifesto: "disable support for SSLv2"; RFC 7568 deprecates SSLv3.
OBSOLETE = ("SSLv2", "SSLv3")
# RFC 8996 deprecates TLS 1.0 and 1.1: a warning, since the manifesto still
# allowed them "for backward compatibility with existing deployed software".
DEPRECATED = ("TLSv1", "TLSv1.1")
_DISABLE = "disable them"
_PROTOCOL_ORDER = (*OBSOLETE, *DEPRECATED, "TLSv1.2", "TLSv1.3")
# Words in a profile source's title that mark it as the citation for protocol defaults.
_SOURCE_KEYWORDS = ("protocol", "SSL_OP_NO")
# OpenSSL 3.0 CHANGES.md (commit aba03ae, "Reduce the security bits for MD5 and SHA1
# based signatures in TLS"): TLS 1.0 and 1.1 need security level 0, and the default is 1
# (2 from 3.2). So a server on Debian 12's OpenSSL refuses them whatever its config
# says, unless its cipher string lowers the level; measured on the local OpenSSL in
# tests/manifesto/rules/tls/test_mf004_security_level_note.py. The verdict stays on the
# config, which enables them wherever the server runs on an older OpenSSL.
_SECURITY_LEVEL_NOTE = (
    "note: a server on OpenSSL 3.0 or later (Debian 12's and later) completes no TLS 1.0 or"
    " 1.1 handshake at its default security level unless its cipher string lowers it with"
    " @SECLEVEL=0 (OpenSSL 3.0 CHANGES.md, commit aba03ae); this verdict is on the config,"
    " which enables them on an older OpenSSL"
)


def judge(judgement: Judgement) -> str:
    config = judgement.config
    for endpoint in judgement.endpoints:
        reported = _report_enabled_protocols(judgement, endpoint)
        if not reported and endpoint.disabled_protocols is not None:
            judgement.cite(endpoint.disabled_protocols.evidence)
        # A pass that rests on the server's default cites no config line.
    below_tls13 = judgement.requirements.lowest_protocol == "TLSv1.3"
    refused = (
        "every version before TLS 1.3 is disabled"
        if below_tls13
        else "SSLv2, SSLv3, TLS 1.0 and TLS 1.1 are disabled"
    )
    summary = (
        "obsolete or deprecated protocol versions stay enabled" if judgement.failed else refused
    )
    if not all(e.disabled_protocols is not None for e in judgement.endpoints):
        summary += f"; where nothing is configured, {_default_text(config)}"
    if config.profile.never_offered_protocols:
        summary += f"; {_never_offered_text(config)}"
    return summary


def _never_offered_text(config: ServerConfig) -> str:
    """Protocols the server's TLS library refuses whatever the config says, with the source."""
    names = sorted(config.profile.never_offered_protocols, key=_PROTOCOL_ORDER.index)
    cited = cited_sources(config, *(f"SSL_OP_NO_{name}" for name in names))
    return f"{server_name(config)} never offers {', '.join(names)} (source: {cited})"


def _default_text(config: ServerConfig) -> str:
    if config.profile.default_disabled_protocols is None:
        return f"the protocol versions {server_name(config)} refuses are not known"
    disabled = sorted(config.profile.default_disabled_protocols, key=_PROTOCOL_ORDER.index)
    what = f"{', '.join(disabled)} refused" if disabled else "no protocol version refused"
    return default_origin(config, what, *_SOURCE_KEYWORDS)


def _report_enabled_protocols(judgement: Judgement, endpoint: Endpoint) -> bool:
    """Report obsolete (error) and deprecated (warning) versions left on; True if any."""
    config = judgement.config
    setting = endpoint.disabled_protocols
    if setting is None and config.profile.default_disabled_protocols is None:
        judgement.report_unknown_default(endpoint, "protocol versions")
        return True
    disabled = setting.value if setting is not None else config.profile.default_disabled_protocols
    assert disabled is not None  # narrowed above: a configured list, or a known default
    # A configured list replaces the default, but not what the TLS library always refuses.
    disabled = disabled | config.profile.never_offered_protocols
    origin = "" if setting is not None else f"; {_default_text(config)}"
    reported = False
    for names, severity, advice in _judged_groups(judgement):
        enabled = [name for name in names if name not in disabled]
        if enabled:
            reported = True
            note = f"; {_SECURITY_LEVEL_NOTE}" if _needs_level_0(config, endpoint, enabled) else ""
            judgement.report(
                severity,
                endpoint,
                f"{', '.join(enabled)} enabled" + ("" if setting is not None else " by default"),
                detail=f"{advice}{origin}{note}",
                line=setting_line(setting, endpoint),
                evidence=setting_evidence(setting, endpoint),
            )
    return reported


def _judged_groups(judgement: Judgement) -> tuple[tuple[tuple[str, ...], Severity, str], ...]:
    """The versions the policy refuses, each group with its severity and fix.

    The manifesto's stance: SSLv2 and SSLv3 fail, TLS 1.0 and 1.1 warn. A policy
    with a lowest version (the web and mail chapters, Mozilla's profiles) fails on
    every older one.
    """
    config = judgement.config
    lowest = judgement.requirements.lowest_protocol
    if lowest is None:
        return (
            (OBSOLETE, Severity.ERROR, _advice(config, _DISABLE)),
            (
                DEPRECATED,
                Severity.WARNING,
                _advice(config, f"{_DISABLE} unless old clients need them"),
            ),
        )
    older = _PROTOCOL_ORDER[: _PROTOCOL_ORDER.index(lowest)]
    why = f"{_DISABLE} ({judgement.requirements.name} asks for {lowest} or newer)"
    return ((older, Severity.ERROR, _advice(config, why)),)


def _needs_level_0(config: ServerConfig, endpoint: Endpoint, enabled: list[str]) -> bool:
    """TLS 1.0 or 1.1 is left on, and the cipher string keeps OpenSSL's security level."""
    if not set(enabled) & set(DEPRECATED):
        return False
    ciphers = endpoint.ciphers.value if endpoint.ciphers else config.profile.default_ciphers
    return "@SECLEVEL=0" not in (ciphers or "").upper()


def _advice(config: ServerConfig, what: str) -> str:
    """The profile's hint: how this server version disables them, or that it cannot."""
    hint = config.profile.hints.disable_protocols
    return hint if not config.profile.can_disable_protocols else f"{what}: {hint}"


RULE = Rule(
    id=RULE_ID,
    summary="SSLv2 and SSLv3 are disabled; TLS 1.0 and 1.1 are flagged",
    severity=Severity.ERROR,
    applies_to=(
        "ejabberd 14.12 and later (protocol_options: no_sslv2, no_sslv3, no_tlsv1, no_tlsv1_1)",
        "Prosody 0.9 and later (ssl.options / ssl.protocol)",
        "Servers that cannot disable protocol versions (ejabberd 2.x, 13.12; Charybdis,"
        " Solanum):"
        " their defaults are judged",
    ),
    documentation=(
        "The manifesto says implementations must 'disable support for SSLv2' and prefer the "
        "latest TLS; SSLv3 has since been deprecated (RFC 7568) and TLS 1.0/1.1 too "
        "(RFC 8996). SSLv2 or SSLv3 left enabled is an error and TLS 1.0 or 1.1 a warning. "
        "Where the config sets nothing, or the version has no option for it, the server's "
        "default for that version is judged (from the server profile, with its source), "
        "and a pass that rests on a default cites no config line. A protocol the server's "
        "TLS library always refuses counts as disabled whatever the config lists: "
        "p1_tls/fast_tls (ejabberd 13.12 and later) sets SSL_OP_NO_SSLv2 on every "
        "connection, so an ejabberd ``protocol_options`` without ``no_sslv2`` still "
        "refuses SSLv2. The web and mail chapters' policies, and Mozilla's intermediate "
        "profile, fail on anything older than TLS 1.2; Mozilla's modern profile on "
        "anything older than TLS 1.3."
    ),
    sources=(
        MANIFESTO,
        Source(
            "ejabberd listen options: protocol_options",
            "https://docs.ejabberd.im/admin/configuration/listen-options/#protocol-options",
        ),
        Source(
            "Prosody: Advanced SSL/TLS configuration", "https://prosody.im/doc/advanced_ssl_config"
        ),
        Source("RFC 7568: Deprecating SSL 3.0", "https://www.rfc-editor.org/rfc/rfc7568"),
        Source(
            "RFC 8996: Deprecating TLS 1.0 and TLS 1.1", "https://www.rfc-editor.org/rfc/rfc8996"
        ),
    ),
    scope=TLS_ENDPOINTS,
    judge=judge,
)
