"""Charybdis's TLS facts per release range, each with its source (file and tag).

Charybdis hands TLS to its ssld helper, built on libratbox (3.5) or librb
(4.x) with the TLS backend chosen at build time; these are the facts of the
OpenSSL backend (libratbox/src/openssl.c, librb/src/openssl.c). The config
sets the certificate, the DH file and the cipher list (``serverinfo``), never
the protocol versions or the cipher order. The rows follow the tags of
github.com/charybdis-ircd/charybdis: 3.5.2 dropped !RC4 from the default
list, 3.5.4 (commit e140ba7 "OpenSSL: Disable TLSv1.0") refuses TLS 1.0 and
brought the long default list that 4.x keeps. None of them installs DH
parameters of its own: without ``ssl_dh_params`` OpenSSL negotiates no DHE.
"""

from __future__ import annotations

from tls_manifesto.model import DheWithoutParams, FixHints, ServerProfile, Source
from tls_manifesto.servers.profile_table import (
    ProfileRow,
    newest_release,
    outside_table,
    pick_row,
    unknown_profile,
)

_REPO = "https://github.com/charybdis-ircd/charybdis/blob"

OPENSSL_3_5_0 = Source(
    "Charybdis 3.5.0-3.5.1 libratbox/src/openssl.c (tag charybdis-3.5.1): default cipher list"
    ' "kEECDH+HIGH:kEDH+HIGH:HIGH:!RC4:!aNULL" unless ssl_cipher_list is set;'
    " SSL_OP_NO_SSLv2, SSL_OP_NO_SSLv3 and SSL_OP_CIPHER_SERVER_PREFERENCE; TLS 1.0 stays on",
    f"{_REPO}/charybdis-3.5.1/libratbox/src/openssl.c",
)
OPENSSL_3_5_2 = Source(
    "Charybdis 3.5.2-3.5.3 libratbox/src/openssl.c (tag charybdis-3.5.3): default cipher list"
    ' "kEECDH+HIGH:kEDH+HIGH:HIGH:!aNULL" unless ssl_cipher_list is set; SSL_OP_NO_SSLv2 |'
    " SSL_OP_NO_SSLv3 and SSL_OP_CIPHER_SERVER_PREFERENCE; TLS 1.0 stays on",
    f"{_REPO}/charybdis-3.5.3/libratbox/src/openssl.c",
)
OPENSSL_3_5_4 = Source(
    "Charybdis 3.5.4-3.5.7 libratbox/src/openssl.c and openssl_ratbox.h (tag charybdis-3.5.7):"
    " rb_default_ciphers unless ssl_cipher_list is set; SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3,"
    " SSL_OP_NO_TLSv1 (commit e140ba7) and SSL_OP_CIPHER_SERVER_PREFERENCE",
    f"{_REPO}/charybdis-3.5.7/libratbox/src/openssl.c",
)
LIBRB_OPENSSL = Source(
    "Charybdis 4.0-4.1.2 librb/src/openssl.c and openssl_ratbox.h (tag charybdis-4.1.2):"
    " rb_default_ciphers unless ssl_cipher_list is set; SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3,"
    " SSL_OP_NO_TLSv1 and SSL_OP_CIPHER_SERVER_PREFERENCE",
    f"{_REPO}/charybdis-4.1.2/librb/src/openssl.c",
)
REFERENCE_CONF = Source(
    "Charybdis 4.1.2 doc/reference.conf: serverinfo ssl_* options, listen sslport,"
    ' connect flags "ssl - ssl/tls encrypted server connections"; no option for protocol'
    " versions or cipher order",
    f"{_REPO}/charybdis-4.1.2/doc/reference.conf",
)
NO_DHE = DheWithoutParams(
    negotiates_dhe=False,
    builtin_group_bits=None,
    builtin_group=None,
    source=Source(
        "Charybdis 3.5.0-4.1.2 libratbox/librb src/openssl.c rb_setup_ssl_server: DH"
        " parameters come only from ssl_dh_params (SSL_CTX_set_tmp_dh); without it none are"
        " set and no dh_auto, so OpenSSL negotiates no DHE suite",
        f"{_REPO}/charybdis-4.1.2/librb/src/openssl.c",
    ),
)
# librb/src/openssl_ratbox.h rb_default_ciphers (3.5.4-4.1.2).
DEFAULT_CIPHERS = ":".join(
    (
        "aECDSA+kEECDH+CHACHA20", "aRSA+kEECDH+CHACHA20", "aRSA+kEDH+CHACHA20",
        "aECDSA+kEECDH+AESGCM", "aRSA+kEECDH+AESGCM", "aRSA+kEDH+AESGCM",
        "aECDSA+kEECDH+AESCCM", "aRSA+kEECDH+AESCCM", "aRSA+kEDH+AESCCM", "@STRENGTH",
        "aECDSA+kEECDH+HIGH+SHA384", "aRSA+kEECDH+HIGH+SHA384", "aRSA+kEDH+HIGH+SHA384",
        "aECDSA+kEECDH+HIGH+SHA256", "aRSA+kEECDH+HIGH+SHA256", "aRSA+kEDH+HIGH+SHA256",
        "aECDSA+kEECDH+HIGH", "aRSA+kEECDH+HIGH", "aRSA+kEDH+HIGH", "HIGH", "!3DES", "!aNULL",
    )
)  # fmt: skip

_CAPABILITIES = {
    "can_set_ciphers": True,
    "can_disable_protocols": False,
    "can_set_dh_params": True,
    "can_set_server_cipher_order": False,
    "can_set_ecdh_curves": False,
}


def ircd_hints(protocols: str) -> FixHints:
    """Hints for Charybdis-lineage ircd.conf; ``protocols`` says what the version refuses."""
    return FixHints(
        require_c2s_tls="listen { sslport = ...; } instead of port, or remove the port",
        require_s2s_tls="flags = ssl in the connect block",
        disable_protocols=f"{{server}} has no option for protocol versions ({protocols})",
        server_cipher_order="{server} always enforces the server's order",
        ciphers='serverinfo { ssl_cipher_list = "..."; }',
        certificate='serverinfo { ssl_cert = "..."; }',
        dh_params='serverinfo { ssl_dh_params = "..."; }',
    )


def _row(first: str, last: str, ciphers: str, refused: frozenset[str], source: Source,
         protocols: str) -> ProfileRow:  # fmt: skip
    facts = {
        **_CAPABILITIES,
        "default_ciphers": ciphers,
        "default_disabled_protocols": refused,
        "default_server_cipher_order": True,
        "dhe_without_params": NO_DHE,
        "sources": (source, REFERENCE_CONF),
    }
    library = "libratbox ssld (OpenSSL)" if last.startswith("3.") else "librb ssld (OpenSSL)"
    return ProfileRow("charybdis", first, last, library, facts, ircd_hints(protocols))


_TLS_1_0_ON = "it always refuses SSLv2 and SSLv3; 3.5.4 and later also refuse TLS 1.0"
_TLS_1_0_OFF = "it always refuses SSLv2, SSLv3 and TLS 1.0"
ROWS: tuple[ProfileRow, ...] = (
    _row("3.5.0", "3.5.1", "kEECDH+HIGH:kEDH+HIGH:HIGH:!RC4:!aNULL",
         frozenset({"SSLv2", "SSLv3"}), OPENSSL_3_5_0, _TLS_1_0_ON),
    _row("3.5.2", "3.5.3", "kEECDH+HIGH:kEDH+HIGH:HIGH:!aNULL",
         frozenset({"SSLv2", "SSLv3"}), OPENSSL_3_5_2, _TLS_1_0_ON),
    _row("3.5.4", "3.5.7", DEFAULT_CIPHERS,
         frozenset({"SSLv2", "SSLv3", "TLSv1"}), OPENSSL_3_5_4, _TLS_1_0_OFF),
    _row("4.0", "4.1.2", DEFAULT_CIPHERS,
         frozenset({"SSLv2", "SSLv3", "TLSv1"}), LIBRB_OPENSSL, _TLS_1_0_OFF),
)  # fmt: skip
NEWEST = newest_release(ROWS)


def charybdis_profile(version: str | None) -> ServerProfile:
    """The facts for ``version``; None means the newest release the table knows."""
    version = version or NEWEST
    row = pick_row(version, ROWS)
    if row is None:
        reason = outside_table("charybdis", version, ROWS)
        return unknown_profile("charybdis", version, ROWS, reason)
    return row.profile(version)
