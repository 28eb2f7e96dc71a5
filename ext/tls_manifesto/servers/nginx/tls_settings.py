"""The TLS directives of one ``server`` block, as nginx merges them from ``http``.

ngx_http_ssl_module (src/http/modules/ngx_http_ssl_module.c, 1.18.0 to
1.30.4) takes these directives in the http and server contexts only
(NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF) and merges each one on its own: a
server's value wins, else the http block's, else the default
(ngx_http_ssl_merge_srv_conf). Where in a block a directive stands does not
matter. Each may be given once per block ("is duplicate" stops nginx),
except ``ssl_certificate``, which may be repeated (one per key type), and
``ssl_conf_command``. Flag values and protocol names are compared without
case (ngx_conf_set_flag_slot, ngx_conf_set_bitmask_slot).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tls_manifesto.model import ReadIssue, Setting
from tls_manifesto.servers.evidence import At, EvidenceSource
from tls_manifesto.servers.nginx.syntax import Directive
from tls_manifesto.servers.openssl_options import PROTOCOL_ORDER

PROTOCOLS = {name.lower(): name for name in PROTOCOL_ORDER}
# Directive -> the Endpoint field it sets.
TLS_FIELDS = {
    "ssl_protocols": "disabled_protocols",
    "ssl_ciphers": "ciphers",
    "ssl_prefer_server_ciphers": "server_cipher_order",
    "ssl_dhparam": "dh_params_file",
    "ssl_ecdh_curve": "ecdh_curves",
    "ssl_certificate": "certificate",
}
REPEATABLE = frozenset({"ssl_certificate", "ssl_conf_command"})


def directive_lines(directive: Directive) -> list[At]:
    return [At(directive.path, n) for n in directive.lines]


@dataclass
class TlsScope:
    """The TLS values a block sets, with the issues found reading them."""

    fields: dict[str, Setting[Any]] = field(default_factory=dict)
    ssl_on: Setting[bool] | None = None  # the old ``ssl on;`` (removed in 1.25.1)
    issues: list[ReadIssue] = field(default_factory=list)

    def inherit(self, parent: TlsScope) -> TlsScope:
        """This server block's values over the http block's, as nginx merges them."""
        ssl_on = self.ssl_on if self.ssl_on is not None else parent.ssl_on
        return TlsScope({**parent.fields, **self.fields}, ssl_on)


def read_tls_scope(block: Sequence[Directive], source: EvidenceSource) -> TlsScope:
    scope = TlsScope()
    seen: dict[str, Directive] = {}
    for directive in block:
        name = directive.name
        if name not in TLS_FIELDS and name != "ssl":
            continue
        if name in seen and name not in REPEATABLE:
            first = f"first on line {seen[name].line}"
            what = f'"{name}" directive is duplicate ({first})'
            scope.issues.append(_refused(directive, source, what))
            continue
        if name == "ssl_certificate" and name in seen:
            # A second certificate (another key type): the first is the one named.
            named = scope.fields.get("certificate")
            if named is not None:
                more = [At(e.path, e.line) for e in named.evidence] + directive_lines(directive)
                scope.fields["certificate"] = source.setting(named.value, more)
            continue
        seen[name] = directive
        value = _value(directive, source, scope.issues)
        if value is None:
            continue
        if name == "ssl":
            scope.ssl_on = value
        else:
            scope.fields[TLS_FIELDS[name]] = value
    return scope


def _value(
    directive: Directive, source: EvidenceSource, issues: list[ReadIssue]
) -> Setting[Any] | None:
    name, args = directive.name, directive.args
    lines = directive_lines(directive)
    if name in {"ssl", "ssl_prefer_server_ciphers"}:
        flag = args[0].lower() if len(args) == 1 else ""
        if flag not in {"on", "off"}:
            issues.append(_refused(directive, source, f'invalid value in "{name}" (use on or off)'))
            return None
        return source.setting(flag == "on", lines)
    if name == "ssl_protocols":
        unknown = [a for a in args if a.lower() not in PROTOCOLS]
        if unknown or not args:
            issues.append(_refused(directive, source, f'invalid value "{" ".join(unknown)}" in'
                                   f' "{name}" (use {" ".join(PROTOCOL_ORDER)})'))  # fmt: skip
            return None
        enabled = {PROTOCOLS[a.lower()] for a in args}
        return source.setting(frozenset(PROTOCOL_ORDER) - enabled, lines)
    if len(args) != 1:
        issues.append(_refused(directive, source, f'invalid number of arguments in "{name}"'
                               " (it takes one)"))  # fmt: skip
        return None
    if name == "ssl_ecdh_curve":
        if args[0].lower() == "auto":
            return None  # OpenSSL's built-in list, as when the directive is absent
        return source.setting(tuple(args[0].split(":")), lines)
    return source.setting(args[0], lines)


def _refused(directive: Directive, source: EvidenceSource, what: str) -> ReadIssue:
    (evidence, *_) = source.at([At(directive.path, directive.line)])
    return ReadIssue(
        evidence,
        f"{what}: nginx refuses to start with it, so what it would serve is unseen,"
        " and nothing can pass",
        blocks_pass=True,
    )
