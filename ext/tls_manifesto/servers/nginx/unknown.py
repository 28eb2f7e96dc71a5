"""Directives the checker does not read, named at their line.

Every directive of nginx's own modules is known (``known_directives``); the
interpreter reads the TLS ones, and the others set nothing the rules judge.
A name outside that list, in the main context or in an http, server,
location, ``if`` or ``limit_except`` block, comes from a third-party module
or is misspelt: it is named as a warning, and when it looks TLS- or
header-related (``ssl``, ``tls``, ``header``, ``hsts``, headers-more's
``more_*``) it blocks every pass, since it may change what the rules judge.
``ssl_conf_command`` hands OpenSSL any setting (protocols, suites, groups),
which the checker does not interpret, so it blocks too. The contents of
blocks that hold data rather than directives (``types``, ``map``, ``geo``
...) are not directives and are not looked at; ``mail`` and ``stream``
blocks (nginx's mail and TCP proxies) are outside the web chapter and are
named once, as not judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from tls_manifesto.model import ReadIssue
from tls_manifesto.servers.evidence import At, EvidenceSource
from tls_manifesto.servers.nginx.known_directives import NGINX_DIRECTIVES
from tls_manifesto.servers.nginx.syntax import Directive

_DIRECTIVE_BLOCKS = frozenset({"http", "server", "location", "if", "limit_except"})
_NOT_JUDGED = frozenset({"mail", "stream"})
_TLS_LOOKING = re.compile(r"(^|_)(ssl|tls|hsts)(_|$)|header|^more_", re.IGNORECASE)
_UNINTERPRETED = {
    "ssl_conf_command": "hands OpenSSL a setting (protocols, suites, groups ...) that the"
    " checker does not interpret",
}


def unknown_directive_issues(
    directives: Sequence[Directive], source: EvidenceSource
) -> list[ReadIssue]:
    return [issue for directive in directives for issue in _issues(directive, source)]


def _issues(directive: Directive, source: EvidenceSource) -> Iterator[ReadIssue]:
    name = directive.name
    (evidence,) = source.at([At(directive.path, directive.line)])
    if name in _UNINTERPRETED:
        yield ReadIssue(
            evidence,
            f"{name} {_UNINTERPRETED[name]}, so what it changes is unseen and nothing can pass"
            " (express it with ssl_protocols, ssl_ciphers, ssl_ecdh_curve)",
            blocks_pass=True,
        )
    elif name in _NOT_JUDGED:
        yield ReadIssue(
            evidence,
            f"{name} {{}} (nginx's {name} proxy) is not judged by the checker: the TLS it"
            " serves is unseen",
            blocks_pass=False,
        )
        return
    elif name not in NGINX_DIRECTIVES:
        tls = _TLS_LOOKING.search(name) is not None
        why = (
            "it looks TLS- or header-related, so what it sets is unseen and nothing can pass"
            if tls
            else "the checker does not read it"
        )
        yield ReadIssue(
            evidence,
            f"unknown directive \"{name}\": not one of nginx's own (a third-party module's,"
            f" or misspelt); {why}",
            blocks_pass=tls,
        )
    if directive.block is not None and name in _DIRECTIVE_BLOCKS:
        for inner in directive.block:
            yield from _issues(inner, source)
