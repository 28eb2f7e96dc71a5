"""HSTS headers and redirects to https in Apache directives: the common forms, read.

``Header [always|onsuccess] set|setifempty|add|append|merge
Strict-Transport-Security "max-age=N; ..."`` and ``Header ... unset
Strict-Transport-Security`` (mod_headers); ``Redirect [permanent|temp|seeother|
301|302|303|307|308] / https://...``, ``RedirectPermanent / https://...``,
``RedirectTemp``, ``RedirectMatch [status] ^/?(.*)$ https://...$1`` (mod_alias:
a URL path of ``/`` prefixes every request); ``RewriteRule ^ https://...
[R=301,...]`` after ``RewriteEngine on`` with no ``RewriteCond`` before it
(mod_rewrite). A form the checker does not read (a conditional header, a
rewrite that depends on a condition) is returned as ``Unread`` so the
interpreter names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tls_manifesto.servers.apache.syntax import Directive

HSTS = "strict-transport-security"
_SETTING = frozenset({"set", "setifempty", "add", "append", "merge"})
_MAX_AGE = re.compile(r"(?:^|;)\s*max-age\s*=\s*\"?(\d+)\"?\s*(?:;|$)", re.IGNORECASE)
_REDIRECT_STATUS = frozenset(
    {"permanent", "temp", "seeother", "301", "302", "303", "307", "308"}
)  # fmt: skip
# RedirectMatch and RewriteRule patterns that match every request path.
_EVERY_PATH = frozenset(
    {"^", "^/", "^/?", "^(.*)$", "^/(.*)$", "^/?(.*)$", "(.*)", "^(.*)", "^/(.*)", ".*",
     "^.*$", "^.*", "/(.*)", "(.*)$"}
)  # fmt: skip


@dataclass(frozen=True)
class Unread:
    """A directive about HSTS or redirects written in a form the checker does not read."""

    why: str


@dataclass(frozen=True)
class HstsOperation:
    max_age: int | None  # None: the header is removed (unset)


def hsts_operation(directive: Directive) -> HstsOperation | Unread | None:
    """What a ``Header`` line does to Strict-Transport-Security; None: another header."""
    args = list(directive.args)
    if args and args[0].lower() in {"always", "onsuccess"}:
        args.pop(0)
    if len(args) < 2 or args[1].lower() != HSTS:
        return None
    action = args[0].lower()
    if action == "unset" and len(args) == 2:
        return HstsOperation(None)
    if action not in _SETTING or len(args) != 3:
        extra = " (a condition: env=, expr=)" if len(args) > 3 else ""
        return Unread(f"Header {' '.join(directive.args)}: a form the checker does not read{extra}")
    match = _MAX_AGE.search(args[2])
    if match is None:
        return Unread(f"Strict-Transport-Security value {args[2]!r} has no max-age")
    return HstsOperation(int(match.group(1)))


def redirects_everything_to_https(directive: Directive) -> bool | Unread:
    """True for a mod_alias redirect of every request to an https URL."""
    args = list(directive.args)
    key = directive.key
    if key in {"redirect", "redirectmatch"} and args and args[0].lower() in _REDIRECT_STATUS:
        args.pop(0)
    if len(args) != 2:
        return Unread(
            f"{directive.name} {' '.join(directive.args)}: a form the checker does not read"
        )
    path, target = args
    everything = path == "/" if key != "redirectmatch" else path in _EVERY_PATH
    return everything and target.lower().startswith("https://")


def rewrite_redirects_to_https(directive: Directive) -> bool:
    """True for ``RewriteRule <every path> https://... [flags]``.

    A substitution that is an absolute URL is an external redirect whatever
    the flags say (302 unless R= names another), except with P, which proxies
    it (mod_rewrite.c hook_uri2file, 2.4.62).
    """
    if len(directive.args) not in {2, 3}:
        return False
    pattern, target = directive.args[:2]
    flags = directive.args[2].strip("[]").split(",") if len(directive.args) == 3 else []
    proxied = any(flag.strip().upper() in {"P", "PROXY"} for flag in flags)
    return pattern in _EVERY_PATH and target.lower().startswith("https://") and not proxied
