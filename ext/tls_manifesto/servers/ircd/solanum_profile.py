"""Solanum's TLS facts, with their sources (file and commit).

Solanum continues Charybdis 4 (renamed in October 2020, configure.ac
``AC_INIT([solanum], [1.0-dev])``) and has made no release, so its table has
one row, "1.0", for its main branch. Its config is Charybdis's, but its TLS
defaults are not: commit c07751a "Remove hardcoded TLSv1 disables"
(2020-11-01) dropped SSL_OP_NO_TLSv1, so TLS 1.0 and 1.1 are accepted again,
and since commit a90f22c (2021-02-01) ``ssl_cipher_list`` also sets the TLS
1.3 suites. Checked at commit 115b1e2 (2026-07-13).
"""

from __future__ import annotations

from tls_manifesto.model import DheWithoutParams, ServerProfile, Source
from tls_manifesto.servers.ircd.charybdis_profile import ircd_hints
from tls_manifesto.servers.profile_table import (
    ProfileRow,
    newest_release,
    outside_table,
    pick_row,
    unknown_profile,
)

_TREE = "https://github.com/solanum-ircd/solanum/blob/115b1e2e"

LIBRB_OPENSSL = Source(
    "Solanum librb/src/openssl.c (commit 115b1e2, 2026-07-13): rb_default_ciphers"
    " (openssl_ratbox.h) unless ssl_cipher_list is set; SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3"
    " and SSL_OP_CIPHER_SERVER_PREFERENCE; no SSL_OP_NO_TLSv1 since commit c07751a"
    ' "Remove hardcoded TLSv1 disables" (2020-11-01), so TLS 1.0 and 1.1 are accepted',
    f"{_TREE}/librb/src/openssl.c",
)
REFERENCE_CONF = Source(
    "Solanum doc/reference.conf (commit 115b1e2): serverinfo ssl_cert, ssl_dh_params,"
    " ssl_cipher_list; listen sslport; connect flags = ssl; no option for protocol versions",
    f"{_TREE}/doc/reference.conf",
)
NO_DHE = DheWithoutParams(
    negotiates_dhe=False,
    builtin_group_bits=None,
    builtin_group=None,
    source=Source(
        "Solanum librb/src/openssl.c rb_setup_ssl_server (commit 115b1e2): DH parameters"
        " come only from ssl_dh_params (SSL_CTX_set0_tmp_dh_pkey); without it none are set"
        " and no dh_auto, so OpenSSL negotiates no DHE suite",
        f"{_TREE}/librb/src/openssl.c",
    ),
)
# librb/src/openssl_ratbox.h rb_default_ciphers: Charybdis's list, preceded by the TLS 1.3
# suites when built with TLS 1.3 support (names the TLS 1.2 parser skips).
DEFAULT_CIPHERS = ":".join(
    (
        "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
        "aECDSA+kEECDH+CHACHA20", "aRSA+kEECDH+CHACHA20", "aRSA+kEDH+CHACHA20",
        "aECDSA+kEECDH+AESGCM", "aRSA+kEECDH+AESGCM", "aRSA+kEDH+AESGCM",
        "aECDSA+kEECDH+AESCCM", "aRSA+kEECDH+AESCCM", "aRSA+kEDH+AESCCM", "@STRENGTH",
        "aECDSA+kEECDH+HIGH+SHA384", "aRSA+kEECDH+HIGH+SHA384", "aRSA+kEDH+HIGH+SHA384",
        "aECDSA+kEECDH+HIGH+SHA256", "aRSA+kEECDH+HIGH+SHA256", "aRSA+kEDH+HIGH+SHA256",
        "aECDSA+kEECDH+HIGH", "aRSA+kEECDH+HIGH", "aRSA+kEDH+HIGH", "HIGH", "!3DES", "!aNULL",
    )
)  # fmt: skip

ROWS: tuple[ProfileRow, ...] = (
    ProfileRow(
        "solanum",
        "1.0",
        "1.0",
        "librb ssld (OpenSSL)",
        {
            "can_set_ciphers": True,
            "can_disable_protocols": False,
            "can_set_dh_params": True,
            "can_set_server_cipher_order": False,
            "can_set_ecdh_curves": False,
            "default_ciphers": DEFAULT_CIPHERS,
            "default_disabled_protocols": frozenset({"SSLv2", "SSLv3"}),
            "default_server_cipher_order": True,
            "dhe_without_params": NO_DHE,
            "sources": (LIBRB_OPENSSL, REFERENCE_CONF),
        },
        ircd_hints("it always refuses SSLv2 and SSLv3, and accepts TLS 1.0 and 1.1"),
    ),
)
NEWEST = newest_release(ROWS)


def solanum_profile(version: str | None) -> ServerProfile:
    """Solanum's facts; its only version is 1.0 (``1.0-dev``), also when none is given."""
    version = version or NEWEST
    row = pick_row(version, ROWS)
    if row is None:
        return unknown_profile("solanum", version, ROWS, outside_table("solanum", version, ROWS))
    return row.profile(version)
