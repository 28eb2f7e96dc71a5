"""nginx's directive tree -> ``ServerConfig``: one "web" endpoint per server block and listen.

Each ``listen`` of a ``server`` block inside ``http`` is an endpoint; a
server without one listens on port 80 (ngx_http_core_module: ``listen
*:80`` when run as root). It speaks TLS when its ``listen`` has ``ssl`` (or
``quic``, HTTP/3 over TLS 1.3), or, before 1.25.1, when ``ssl on`` is in
effect for its server. A TLS endpoint takes the TLS directives in effect
for its server (``tls_settings``: server over http) and the HSTS header of
its main response; a plain one says whether it redirects to https
(``responses``). A file whose top level holds ``server`` blocks and no
``http`` block (a ``sites-available`` file checked on its own) is read as
the inside of ``http``, where nginx.conf includes it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from tls_manifesto.model import Endpoint, ReadIssue, ServerConfig
from tls_manifesto.servers.evidence import At, EvidenceSource
from tls_manifesto.servers.nginx.profile import SSL_DIRECTIVE_REMOVED, nginx_profile
from tls_manifesto.servers.nginx.responses import hsts_max_age, main_location, redirects_to_https
from tls_manifesto.servers.nginx.syntax import Directive
from tls_manifesto.servers.nginx.tls_settings import (
    TlsScope,
    directive_lines,
    read_tls_scope,
)
from tls_manifesto.servers.nginx.unknown import unknown_directive_issues
from tls_manifesto.servers.versions import at_least

KIND = "nginx"
_TLS_LISTEN = frozenset({"ssl", "quic"})
_PORT = re.compile(r"^(?:\[[^\]]*\]:|[^:\[]*:)?(\d+)$")


def interpret_nginx(
    directives: Sequence[Directive],
    path: str,
    lines: Sequence[str],
    version: str | None,
    files: Mapping[str, Sequence[str]],
    issues: tuple[ReadIssue, ...] = (),
) -> ServerConfig:
    source = EvidenceSource(path, lines, files)
    profile = nginx_profile(version)
    found: list[ReadIssue] = unknown_directive_issues(directives, source)
    endpoints: list[Endpoint] = []
    for http in _http_blocks(directives):
        http_tls = read_tls_scope(http, source)
        found += http_tls.issues
        for server in (d for d in http if d.name == "server" and d.block is not None):
            server_tls = read_tls_scope(server.block or (), source)
            found += server_tls.issues
            tls = server_tls.inherit(http_tls)
            found += _removed_ssl_directive(tls, profile.version)
            found += _misplaced_tls(server.block or (), source)
            endpoints += _endpoints(http, server, tls, source)
    return ServerConfig(
        path=path,
        kind=KIND,
        profile=profile,
        endpoints=tuple(endpoints),
        lines=tuple(lines),
        sources=tuple(files),
        read_issues=issues + tuple(dict.fromkeys(found)),
    )


def _http_blocks(directives: Sequence[Directive]) -> list[Sequence[Directive]]:
    blocks: list[Sequence[Directive]] = [
        d.block for d in directives if d.name == "http" and d.block is not None
    ]
    if not blocks and any(d.name == "server" for d in directives):
        return [directives]  # a virtual host file read on its own: the inside of http{}
    return blocks


def _endpoints(
    http: Sequence[Directive], server: Directive, tls: TlsScope, source: EvidenceSource
) -> list[Endpoint]:
    block = server.block or ()
    names = next((d.args for d in block if d.name == "server_name" and d.args), ())
    label = f"server {names[0]}" if names else f"server at {server.path}:{server.line}"
    listens: list[Directive | None] = [d for d in block if d.name == "listen"]
    endpoints = []
    for listen in listens or [None]:
        endpoints.append(_endpoint(http, server, label, listen, tls, source))
    return endpoints


def _endpoint(
    http: Sequence[Directive],
    server: Directive,
    label: str,
    listen: Directive | None,
    tls: TlsScope,
    source: EvidenceSource,
) -> Endpoint:
    declared = directive_lines(listen) if listen is not None else [At(server.path, server.line)]
    args = listen.args if listen is not None else ("80",)
    by_listen = any(arg in _TLS_LISTEN for arg in args[1:])
    ssl_on = tls.ssl_on is not None and tls.ssl_on.value
    secure = by_listen or ssl_on
    tls_lines = declared + ([At(e.path, e.line) for e in tls.ssl_on.evidence]
                            if ssl_on and tls.ssl_on and not by_listen else [])  # fmt: skip
    port = _port(args[0]) if args else None
    fields: dict[str, Any] = {}  # Endpoint fields: each a Setting of its own type
    if secure:
        fields = dict(tls.fields)
        levels = [http, server.block or ()]
        location = main_location(server.block or ())
        if location is not None:
            levels.append(location.block or ())
        fields["hsts_max_age"] = hsts_max_age(levels, source)
    else:
        fields["redirects_to_https"] = redirects_to_https(server, source)
    return Endpoint(
        role="web",
        name=f"{label} listen {' '.join(args)}" if listen is not None else f"{label} (port 80)",
        evidence=source.at(declared),
        port=source.setting(port, declared) if port is not None else None,
        direct_tls=source.setting(secure, tls_lines),
        **fields,
    )


def _port(address: str) -> int | None:
    """443 of "443", "*:443", "[::]:443", "10.0.0.1:443"; 80 for a host without a port."""
    if address.startswith("unix:"):
        return None
    found = _PORT.match(address)
    return int(found.group(1)) if found else 80


def _removed_ssl_directive(tls: TlsScope, version: str | None) -> list[ReadIssue]:
    """``ssl on`` is refused from 1.25.1 ("not supported anymore", changes.xml)."""
    if tls.ssl_on is None or not at_least(version, SSL_DIRECTIVE_REMOVED):
        return []
    return [
        ReadIssue(
            tls.ssl_on.evidence[0],
            f'the "ssl" directive was removed in nginx {SSL_DIRECTIVE_REMOVED}; nginx {version}'
            ' refuses to start with it, so nothing can pass (write "listen 443 ssl;" instead)',
            blocks_pass=True,
        )
    ]


def _misplaced_tls(block: Sequence[Directive], source: EvidenceSource) -> list[ReadIssue]:
    """TLS directives in a location: nginx refuses them there ("is not allowed here")."""
    issues = []
    for location in (d for d in block if d.name in {"location", "if"} and d.block):
        for directive in location.block or ():
            if directive.name.startswith("ssl") and directive.name != "ssl_conf_command":
                (evidence,) = source.at([At(directive.path, directive.line)])
                issues.append(
                    ReadIssue(
                        evidence,
                        f'"{directive.name}" directive is not allowed here (only in http and'
                        " server blocks); nginx refuses to start with it, so nothing can pass",
                        blocks_pass=True,
                    )
                )
        issues += _misplaced_tls(location.block or (), source)
    return issues
