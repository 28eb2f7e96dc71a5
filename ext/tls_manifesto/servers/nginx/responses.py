"""What a ``server`` block answers: its main response's HSTS header, and plain-HTTP redirects.

HSTS: ``add_header`` (src/http/modules/ngx_http_headers_filter_module.c,
ngx_http_headers_merge_conf) is inherited by a block only when the block
sets no ``add_header`` of its own: one ``add_header`` in a server or a
location replaces every header of the levels above. From 1.29.3,
``add_header_inherit merge`` adds the parent's headers after the block's own
and ``off`` inherits nothing. The checker models the response to a request
for ``/``, the page a visitor lands on: the headers of ``location = /``, else
of ``location /`` (with or without ``^~``), else of the server block, else
of ``http``. Regex locations and ``if`` blocks are not followed. A header
without ``always`` is sent on 2xx and 3xx answers, which the main page is.
Of several Strict-Transport-Security headers browsers take the first
(RFC 6797 section 8.1); one with no valid max-age is ignored, so it counts
as max-age 0.

Redirects: rewrite-module directives of the server block run before any
location is chosen (the server rewrite phase), so a server-level ``return
301 https://...`` (or 302, 303, 307, 308, or ``return https://...``), or a
``rewrite`` of every path to an https URL with ``permanent`` or
``redirect``, answers every request with a redirect. So does ``location /``
holding such a ``return``. Certbot's pattern, an ``if ($host = ...)``
holding the redirect followed by ``return 404``, serves nothing but the
redirect and an error, and counts as redirecting too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tls_manifesto.model import Setting
from tls_manifesto.servers.evidence import At, EvidenceSource
from tls_manifesto.servers.nginx.syntax import Directive
from tls_manifesto.servers.nginx.tls_settings import directive_lines

_MAX_AGE = re.compile(r"(?:^|;)\s*max-age\s*=\s*\"?(\d+)\"?\s*(?:;|$)", re.IGNORECASE)
_REDIRECT_CODES = frozenset({"301", "302", "303", "307", "308"})
_EVERY_PATH = frozenset({"^", "^/", "^.*", "^.*$", "^(.*)", "^(.*)$", "^/(.*)", "^/(.*)$", ".*",
                         "(.*)", "^/.*"})  # fmt: skip
_HeaderList = list[Directive]


def main_location(server: Sequence[Directive]) -> Directive | None:
    """The location a request for "/" takes, among exact and prefix locations."""
    locations = [d for d in server if d.name == "location" and d.block is not None]
    exact = [d for d in locations if d.args in (("=", "/"), ("=/",))]
    prefix = [d for d in locations if d.args in (("/",), ("^~", "/"))]
    found = exact or prefix
    return found[0] if found else None


def hsts_max_age(
    levels: Sequence[Sequence[Directive]], source: EvidenceSource
) -> Setting[int] | None:
    """``levels``: the blocks from http down to the main location. None: no header sent."""
    headers: _HeaderList = []
    mode = "on"
    for block in levels:
        own = [d for d in block if d.name == "add_header"]
        modes = [d.args[0].lower() for d in block if d.name == "add_header_inherit" and d.args]
        mode = modes[-1] if modes else mode
        if own and mode == "merge":
            headers = own + headers
        elif own or mode == "off":
            headers = own
    for header in headers:
        if len(header.args) >= 2 and header.args[0].lower() == "strict-transport-security":
            found = _MAX_AGE.search(header.args[1])
            seconds = int(found.group(1)) if found else 0
            return source.setting(seconds, directive_lines(header))
    return None


def redirects_to_https(server: Directive, source: EvidenceSource) -> Setting[bool]:
    """Whether every plain-HTTP request to ``server`` is redirected to an https URL."""
    block = server.block or ()
    for directive in block:
        if _redirects(directive):
            return source.setting(True, directive_lines(directive))
    certbot = _certbot_redirect(block)
    if certbot is not None:
        return source.setting(True, certbot)
    location = main_location(block)
    if location is not None:
        found = next((d for d in location.block or () if _redirects(d)), None)
        if found is not None:
            return source.setting(True, [At(location.path, location.line), *directive_lines(found)])
    return source.setting(False, [At(server.path, server.line)])


def _redirects(directive: Directive) -> bool:
    args = directive.args
    if directive.name == "return":
        if len(args) == 1:
            return args[0].startswith("https://")
        return len(args) == 2 and args[0] in _REDIRECT_CODES and args[1].startswith("https://")
    if directive.name == "rewrite" and len(args) == 3:
        return (
            args[0] in _EVERY_PATH
            and args[1].startswith("https://")
            and args[2] in {"permanent", "redirect"}
        )
    return False


def _certbot_redirect(block: Sequence[Directive]) -> list[At] | None:
    """``if (...) { return 301 https://...; }`` and a server-level ``return 4xx``."""
    guarded = [
        d
        for d in block
        if d.name == "if" and d.block and any(_redirects(inner) for inner in d.block)
    ]
    refusal = [d for d in block if d.name == "return" and d.args and _is_error_code(d.args[0])]
    if not guarded or not refusal:
        return None
    redirect = next(inner for inner in guarded[0].block or () if _redirects(inner))
    return [At(guarded[0].path, guarded[0].line), *directive_lines(redirect),
            *directive_lines(refusal[0])]  # fmt: skip


def _is_error_code(word: str) -> bool:
    return word.isdigit() and 400 <= int(word) <= 599
