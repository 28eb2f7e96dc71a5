"""nginx's TLS defaults per release range, each with its source (file and tag).

nginx sets them in src/http/modules/ngx_http_ssl_module.c
(ngx_http_ssl_merge_srv_conf) and src/event/ngx_event_openssl.c. The rows
follow docs/xml/nginx/changes.xml: 1.23.4 enabled TLSv1.3 by default, 1.27.3
disabled TLSv1 and TLSv1.1 by default; the cipher list, the client's cipher
order, no DH parameters and no TLS compression stayed the same from 1.18.0
to 1.30.4 (read at the tags release-1.18.0, release-1.22.1, release-1.26.3
and release-1.30.4). Debian 11 ships 1.18.0, Debian 12 1.22.1; 1.30.4 is
the newest stable release (an even minor version) at the time of writing.
"""

from __future__ import annotations

from typing import Any

from tls_manifesto.model import DheWithoutParams, FixHints, ServerProfile, Source
from tls_manifesto.servers.profile_table import (
    ProfileRow,
    newest_release,
    outside_table,
    pick_row,
    unknown_profile,
)

_REPO = "https://github.com/nginx/nginx/blob"


def _ssl_module(tag: str, what: str) -> Source:
    return Source(
        f"nginx {what} (src/http/modules/ngx_http_ssl_module.c, tag {tag})",
        f"{_REPO}/{tag}/src/http/modules/ngx_http_ssl_module.c",
    )


def _changes(version: str, what: str) -> Source:
    return Source(
        f"nginx {version} changes: {what} (docs/xml/nginx/changes.xml)",
        f"{_REPO}/release-1.30.4/docs/xml/nginx/changes.xml",
    )


# ngx_http_ssl_merge_srv_conf: protocols TLSv1|TLSv1_1|TLSv1_2, ciphers NGX_DEFAULT_CIPHERS,
# prefer_server_ciphers 0, dhparam "", ecdh_curve NGX_DEFAULT_ECDH_CURVE "auto",
# session_tickets 1.
SSL_MODULE_1_18 = _ssl_module(
    "release-1.22.1",
    "1.18.0-1.23.3 defaults: ssl_protocols TLSv1 TLSv1.1 TLSv1.2, ssl_ciphers"
    ' "HIGH:!aNULL:!MD5", ssl_prefer_server_ciphers off, no ssl_dhparam, ssl_ecdh_curve auto,'
    " ssl_session_tickets on (the same at release-1.18.0)",
)
SSL_MODULE_1_23_4 = _ssl_module(
    "release-1.26.3",
    "1.23.4-1.27.2 defaults: ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3, ssl_ciphers"
    ' "HIGH:!aNULL:!MD5", ssl_prefer_server_ciphers off, no ssl_dhparam, ssl_ecdh_curve auto,'
    " ssl_session_tickets on",
)
# 1.27.3 and later: NGX_SSL_DEFAULT_PROTOCOLS, TLSv1_2|TLSv1_3 where OpenSSL has
# SSL_OP_NO_TLSv1_2 or SSL_OP_NO_TLSv1_3 (every OpenSSL since 1.0.1), in
# src/event/ngx_event_openssl.h.
SSL_MODULE_1_27_3 = _ssl_module(
    "release-1.30.4",
    "1.27.3-1.30.4 defaults: ssl_protocols TLSv1.2 TLSv1.3 (NGX_SSL_DEFAULT_PROTOCOLS in"
    ' src/event/ngx_event_openssl.h), ssl_ciphers "HIGH:!aNULL:!MD5", ssl_prefer_server_ciphers'
    " off, no ssl_dhparam, ssl_ecdh_curve auto, ssl_session_tickets on",
)
TLS13_BY_DEFAULT = _changes("1.23.4", "TLSv1.3 protocol is enabled by default")
NO_TLS1_BY_DEFAULT = _changes("1.27.3", "TLSv1 and TLSv1.1 protocols are disabled by default")
# ngx_ssl_create sets SSL_OP_NO_COMPRESSION on every context (1.18.0 to 1.30.4).
NO_COMPRESSION = Source(
    "nginx 1.18.0-1.30.4 ngx_ssl_create sets SSL_OP_NO_COMPRESSION: no TLS compression"
    " (src/event/ngx_event_openssl.c, tag release-1.30.4)",
    f"{_REPO}/release-1.30.4/src/event/ngx_event_openssl.c",
)
# ngx_ssl_dhparam returns at once for an empty file name, and nginx never calls
# SSL_CTX_set_dh_auto; OpenSSL then offers no DHE suite (ssl/t1_lib.c ssl_set_masks).
NO_DHE_WITHOUT_DHPARAM = DheWithoutParams(
    negotiates_dhe=False,
    builtin_group_bits=None,
    builtin_group=None,
    source=Source(
        "nginx 1.18.0-1.30.4 ngx_ssl_dhparam installs DH parameters only from ssl_dhparam"
        " and never enables OpenSSL's dh_auto, so without the file OpenSSL negotiates no"
        " DHE suite (src/event/ngx_event_openssl.c, tag release-1.30.4)",
        f"{_REPO}/release-1.30.4/src/event/ngx_event_openssl.c",
    ),
)

DEFAULT_CIPHERS = "HIGH:!aNULL:!MD5"
_ALL = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"})

HINTS = FixHints(
    disable_protocols="ssl_protocols TLSv1.2 TLSv1.3; in the http or server block",
    server_cipher_order="ssl_prefer_server_ciphers on;",
    ciphers='ssl_ciphers "...";',
    certificate="ssl_certificate /path/fullchain.pem; and ssl_certificate_key in the server block",
    dh_params="ssl_dhparam /path/dh.pem; as the server's DH parameters file",
)

_CAN_SET_ALL = {
    "can_set_ciphers": True,
    "can_disable_protocols": True,
    "can_set_dh_params": True,
    "can_set_server_cipher_order": True,
    "can_set_ecdh_curves": True,
}


def _row(first: str, last: str, enabled: set[str], sources: tuple[Source, ...]) -> ProfileRow:
    facts: dict[str, Any] = {
        **_CAN_SET_ALL,
        "default_ciphers": DEFAULT_CIPHERS,
        "default_disabled_protocols": _ALL - enabled,
        "default_server_cipher_order": False,
        "dhe_without_params": NO_DHE_WITHOUT_DHPARAM,
        "default_tls_compression": False,
        "sources": (*sources, NO_COMPRESSION),
    }
    return ProfileRow("nginx", first, last, "OpenSSL", facts, HINTS)


_TLS1_TO_1_2 = {"TLSv1", "TLSv1.1", "TLSv1.2"}
# 1.18.0 is a row of its own, with the same facts as the next, so that "1.18" (Debian
# 11's series) names it: a series is judged as the newest release of it a row ends on.
ROWS: tuple[ProfileRow, ...] = (
    _row("1.18.0", "1.18.0", _TLS1_TO_1_2, (SSL_MODULE_1_18,)),
    _row("1.19.0", "1.23.3", _TLS1_TO_1_2, (SSL_MODULE_1_18,)),
    _row("1.23.4", "1.27.2", {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"},
         (SSL_MODULE_1_23_4, TLS13_BY_DEFAULT)),
    _row("1.27.3", "1.30.4", {"TLSv1.2", "TLSv1.3"}, (SSL_MODULE_1_27_3, NO_TLS1_BY_DEFAULT)),
)  # fmt: skip
NEWEST = newest_release(ROWS)
# 1.25.1 changes: "the deprecated "ssl" directive is not supported anymore".
SSL_DIRECTIVE_REMOVED = "1.25.1"


def nginx_profile(version: str | None) -> ServerProfile:
    version = version or NEWEST
    row = pick_row(version, ROWS)
    if row is None:
        reason = outside_table("nginx", version, ROWS)
        return unknown_profile("nginx", version, ROWS, reason, default_tls_compression=None)
    return row.profile(version)
