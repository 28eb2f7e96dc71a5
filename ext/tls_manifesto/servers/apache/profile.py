"""Apache httpd 2.4's TLS defaults (mod_ssl) per release range, each with its source.

Read at the tags of github.com/apache/httpd (modules/ssl/ssl_private.h,
ssl_engine_config.c, ssl_engine_init.c) and, past the newest tag there
(2.4.62), from the release notes, CHANGES of 2.4.63 to 2.4.71, which change
none of these defaults. The rows:

- 2.4.59: a regression (PR 68863, fixed in 2.4.60) left DH auto-selection
  off whenever SSLCertificateFile holds no DH parameters, so no DHE suite is
  negotiated without them.
- 2.4.60-2.4.62: Debian 11's release (2.4.62-1~deb11u*).
- 2.4.63-2.4.71: Debian 12's (2.4.71-1~deb12u1, installed here) and the
  newest release.

The defaults of every row: SSLProtocol "all -SSLv3" (SSL_PROTOCOL_DEFAULT),
OpenSSL's default cipher list plus ``:!aNULL:!eNULL:!EXP``, SSLHonorCipherOrder
off, SSLCompression off (SSL_OP_NO_COMPRESSION), SSLSessionTickets on, no
named-group list (OpenSSL's). Without DH parameters in the certificate file,
OpenSSL 1.1.0 and later pick a group sized to the certificate's key
(SSL_CTX_set_dh_auto): the 2048-bit MODP group of RFC 3526 for a 2048-bit
RSA key. SSLv2 cannot be enabled ("SSLv2 is no longer supported").
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

_TREE = "https://github.com/apache/httpd/blob"


def _at(tag: str, path: str) -> str:
    return f"{_TREE}/{tag}/{path}"


def _protocol_source(tag: str) -> Source:
    return Source(
        f"Apache httpd {tag} modules/ssl/ssl_private.h and ssl_engine_config.c: protocol"
        " default SSL_PROTOCOL_DEFAULT = all but SSLv3 (TLS 1.0 to 1.3 on); SSLProtocol"
        " 'SSLv2' refused; ssl_engine_init.c enables the range from the lowest to the"
        " highest version named, without holes (SSL_CTX_set_min/max_proto_version)",
        _at(tag, "modules/ssl/ssl_private.h"),
    )


def _cipher_source(tag: str) -> Source:
    return Source(
        f"Apache httpd {tag} modules/ssl/ssl_engine_init.c ssl_init_ctx_cipher_suite: without"
        " SSLCipherSuite the cipher list is OpenSSL's default (SSL_DEFAULT_CIPHER_LIST) plus"
        ' ":!aNULL:!eNULL:!EXP"; ssl_engine_config.c appends ":!aNULL:!eNULL:!EXP" to a'
        " configured list",
        _at(tag, "modules/ssl/ssl_engine_init.c"),
    )


def _options_source(tag: str) -> Source:
    return Source(
        f"Apache httpd {tag} modules/ssl/ssl_engine_init.c ssl_init_ctx_protocol: sets"
        " SSL_OP_CIPHER_SERVER_PREFERENCE only for SSLHonorCipherOrder on (default: the"
        " client's order), SSL_OP_NO_COMPRESSION unless SSLCompression on, SSL_OP_NO_TICKET"
        " only for SSLSessionTickets off (session tickets on by default)",
        _at(tag, "modules/ssl/ssl_engine_init.c"),
    )


CHANGES_2_4_71 = Source(
    "Apache httpd CHANGES 2.4.63-2.4.71 (Debian 12 /usr/share/doc/apache2/changelog.gz of"
    " 2.4.71-1~deb12u1): no change to the protocol, cipher, cipher-order, compression,"
    " session-ticket or DH defaults of mod_ssl; 2.4.64 removed TLS upgrade (SSLEngine"
    " optional), 2.4.66 added SSLVHostSNIPolicy",
    "https://downloads.apache.org/httpd/CHANGES_2.4",
)


def _auto_dh(tag: str) -> DheWithoutParams:
    return DheWithoutParams(
        negotiates_dhe=True,
        builtin_group_bits=2048,
        builtin_group="the 2048-bit MODP group of RFC 3526 (group 14), which OpenSSL's"
        " dh_auto picks for a 2048-bit RSA key",
        source=Source(
            f"Apache httpd {tag} modules/ssl/ssl_engine_init.c ssl_init_server_certs: DH"
            " parameters are read from the first SSLCertificateFile; without them"
            " SSL_CTX_set_dh_auto(ctx, 1), so OpenSSL (1.1.0 and later, ssl_get_auto_dh)"
            " sizes the group to the certificate key: RFC 3526 2048-bit MODP for a"
            " 2048-bit RSA key, 3072 bits for a 3072-bit key",
            _at(tag, "modules/ssl/ssl_engine_init.c"),
        ),
        group_key="rfc3526-2048",
        sized_by_openssl=True,
        assumption="assumed a 2048-bit RSA certificate key and OpenSSL 1.1.0 or later, as on"
        " Debian 11 and 12",
    )


NO_DHE_2_4_59 = DheWithoutParams(
    negotiates_dhe=False,
    builtin_group_bits=None,
    builtin_group=None,
    source=Source(
        "Apache httpd 2.4.59 modules/ssl/ssl_engine_init.c ssl_init_server_certs: the else"
        " that enables SSL_CTX_set_dh_auto belongs to 'if (certfile ...)', so with a"
        " certificate file holding no DH parameters none are set and OpenSSL negotiates no"
        " DHE suite (PR 68863, fixed in 2.4.60)",
        _at("2.4.59", "modules/ssl/ssl_engine_init.c"),
    ),
)

# OpenSSL's SSL_DEFAULT_CIPHER_LIST is "ALL:!COMPLEMENTOFDEFAULT:!eNULL", i.e. DEFAULT
# (OpenSSL 1.1.1 include/openssl/ssl.h; 3.0 ssl/ssl_ciph.c OSSL_default_cipher_list).
DEFAULT_CIPHERS = "DEFAULT:!aNULL:!eNULL:!EXP"
_BELOW_TLS_1 = frozenset({"SSLv2", "SSLv3"})

HINTS = FixHints(
    require_c2s_tls="SSLEngine on in the VirtualHost",
    require_s2s_tls="SSLEngine on in the VirtualHost",
    disable_protocols="SSLProtocol -all +TLSv1.2 +TLSv1.3",
    server_cipher_order="SSLHonorCipherOrder on",
    ciphers="SSLCipherSuite ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:...",
    certificate="SSLCertificateFile and SSLCertificateKeyFile in the VirtualHost",
    dh_params="it by appending the file to the SSLCertificateFile, where httpd reads DH parameters",
)
_CAPABILITIES = {
    "can_set_ciphers": True,
    "can_disable_protocols": True,
    # DH parameters appended to SSLCertificateFile, or SSLOpenSSLConfCmd DHParameters.
    "can_set_dh_params": True,
    "can_set_server_cipher_order": True,
    # SSLOpenSSLConfCmd Curves/Groups (OpenSSL 1.0.2 and later).
    "can_set_ecdh_curves": True,
}


def _row(first: str, last: str, tag: str, dhe: DheWithoutParams, *extra: Source) -> ProfileRow:
    facts: dict[str, Any] = {
        **_CAPABILITIES,
        "default_ciphers": DEFAULT_CIPHERS,
        "default_disabled_protocols": _BELOW_TLS_1,
        "default_server_cipher_order": False,
        "default_tls_compression": False,
        "dhe_without_params": dhe,
        "never_offered_protocols": frozenset({"SSLv2"}),
        "sources": (
            _protocol_source(tag),
            _cipher_source(tag),
            _options_source(tag),
            dhe.source,
            *extra,
        ),
    }
    return ProfileRow("apache", first, last, "mod_ssl (OpenSSL)", facts, HINTS)


ROWS: tuple[ProfileRow, ...] = (
    _row("2.4.59", "2.4.59", "2.4.59", NO_DHE_2_4_59),
    _row("2.4.60", "2.4.62", "2.4.62", _auto_dh("2.4.62")),
    _row("2.4.63", "2.4.71", "2.4.62", _auto_dh("2.4.62"), CHANGES_2_4_71),
)
NEWEST = newest_release(ROWS)


def apache_profile(version: str | None) -> ServerProfile:
    """The facts for ``version``; None means the newest release the table knows."""
    version = version or NEWEST
    row = pick_row(version, ROWS)
    if row is None:
        reason = outside_table("apache", version, ROWS)
        return unknown_profile("apache", version, ROWS, reason, default_tls_compression=None)
    return row.profile(version)
