"""What each ejabberd version can configure for TLS, and its defaults, with sources."""

from __future__ import annotations

from tls_manifesto.model import DheWithoutParams, ServerProfile, Source
from tls_manifesto.servers.versions import at_least

GUIDE_2_1_10 = Source(
    "ejabberd 2.1.10 source, src/tls/tls_drv.c: SSL_CTX_new(SSLv23_method()) and no"
    " SSL_CTX_set_cipher_list call, so the linked OpenSSL's DEFAULT cipher list applies",
    "https://github.com/processone/ejabberd/blob/v2.1.10/src/tls/tls_drv.c",
)
TLS_DRV_OPTIONS_2_1_10 = Source(
    "ejabberd 2.1.10 source, src/tls/tls_drv.c (SSLv23_method): an accepted connection"
    " gets only SSL_OP_NO_TICKET, an outgoing one SSL_OP_NO_SSLv2|SSL_OP_NO_TICKET; no"
    " SSL_OP_NO_SSLv3 and no server-preference option, so the client's order decides",
    "https://github.com/processone/ejabberd/blob/v2.1.10/src/tls/tls_drv.c",
)
GUIDE_13_12 = Source(
    "ejabberd 13.12 Installation and Operation Guide, listen options: ciphers",
    "https://github.com/processone/ejabberd/blob/13.12/doc/guide.tex",
)
GUIDE_14_05 = Source(
    "ejabberd 14.05 Installation and Operation Guide, listen options: protocol_options"
    ' (default "no_sslv2"); 13.12 has no such option',
    "https://github.com/processone/ejabberd/blob/14.05/doc/guide.tex",
)
DHFILE_15_06 = Source(
    'ejabberd commit 5585fb1 "New options: dhfile and s2s_dhfile", first released in 15.06',
    "https://github.com/processone/ejabberd/commit/5585fb1ec",
)
P1_TLS_CIPHERS = Source(
    'p1_tls c_src (ejabberd 13.12-16.x): #define CIPHERS "DEFAULT:!EXPORT:!LOW:!RC4:!SSLv2"',
    "https://github.com/processone/p1_tls",
)
LISTEN_OPTIONS_23 = Source(
    "ejabberd 23.01 docs, Listen Options: protocol_options default"
    ' "no_sslv3|cipher_server_preference|no_compression"',
    "https://docs.ejabberd.im/admin/configuration/listen-options/",
)
FAST_TLS_CIPHERS = Source(
    "fast_tls c_src/fast_tls.c (1.1.x, ejabberd 23.01):"
    ' #define CIPHERS "HIGH:!aNULL:!eNULL:!3DES:@STRENGTH"',
    "https://github.com/processone/fast_tls/blob/master/c_src/fast_tls.c",
)
C2S_TLS_OPTIONS_23 = Source(
    "ejabberd 23.01 src/ejabberd_c2s.erl tls_options/1: global c2s_ciphers,"
    " c2s_protocol_options and c2s_dhfile replace the listener's (lists:keystore)",
    "https://github.com/processone/ejabberd/blob/23.01/src/ejabberd_c2s.erl",
)

# SSLv2 cannot be switched back on: every p1_tls/fast_tls release ORs SSL_OP_NO_SSLv2
# into the options of each connection, accepted or outgoing, after applying the
# configured protocol_options. Checked in p1_tls's first commit ec001d6 (2013-04-04,
# c_src/tls_drv.c) and in all 54 fast_tls tags, 1.0.0 to 1.1.26 (c_src/fast_tls_drv.c,
# later c_src/fast_tls.c). ejabberd 13.12 and 14.12 build p1_tls (rebar.config.script,
# git://github.com/processone/tls, the repository later renamed fast_tls); 23.01 pins
# fast_tls tag 1.1.16 (rebar.config). OpenSSL 1.1.0 removed SSLv2 altogether (NEWS.md).
FAST_TLS_NO_SSLV2 = Source(
    "p1_tls/fast_tls (ejabberd 13.12 and later; 23.01 pins fast_tls 1.1.16)"
    " c_src/fast_tls.c: every connection gets"
    " options |= SSL_OP_NO_SSLv2 after the configured ones, so SSLv2 is"
    " never offered; OpenSSL 1.1.0 removed SSLv2 support",
    "https://github.com/processone/fast_tls/blob/1.1.16/c_src/fast_tls.c",
)
NEVER_OFFERED = frozenset({"SSLv2"})

# DHE without a dhfile. ejabberd 2.1.10's src/tls/tls_drv.c never calls
# SSL_CTX_set_tmp_dh or SSL_CTX_set_tmp_dh_callback, so OpenSSL leaves kEDH out of
# the server's key exchanges (ssl_set_cert_masks, ssl/ssl_lib.c 0.9.8-1.0.2).
# p1_tls from its first commit ec001d6 (2013-04-04, c_src/tls_drv.c setup_dh) and
# fast_tls up to 1.0.18 install the 1024-bit group of RFC 5114 section 2.1 on every
# accepting context that names no file; fast_tls commit 9e34c05 (2018-01-05, first
# tagged 1.0.19) replaced it with the 2048-bit group of RFC 5114 section 2.3, kept
# in every later tag (1.1.16's setup_dh, c_src/fast_tls.c). ejabberd 13.12 and
# 14.12 build p1_tls unpinned (2013/2014), 16.01 pins tag 1.0.0, 17.12 pins
# fast_tls 1.0.18 and 18.01 is the first release to pin a 2048-bit one (1.0.20);
# 23.01 pins 1.1.16 (rebar.config at each tag).
NO_DHE_2_1_10 = DheWithoutParams(
    negotiates_dhe=False,
    builtin_group_bits=None,
    builtin_group=None,
    source=Source(
        "ejabberd 2.1.10 src/tls/tls_drv.c sets no DH parameters (no SSL_CTX_set_tmp_dh),"
        " and OpenSSL offers DHE only with them (ssl/ssl_lib.c ssl_set_cert_masks: dh_tmp)",
        "https://github.com/processone/ejabberd/blob/v2.1.10/src/tls/tls_drv.c",
    ),
)
BUILTIN_DH_1024 = DheWithoutParams(
    negotiates_dhe=True,
    builtin_group_bits=1024,
    builtin_group="the 1024-bit MODP group of RFC 5114 section 2.1",
    source=Source(
        "p1_tls c_src/tls_drv.c setup_dh (ejabberd 13.12-17.x, fast_tls before 1.0.19):"
        " without a dhfile the 1024-bit MODP group with 160-bit subgroup of RFC 5114",
        "https://github.com/processone/fast_tls/blob/1.0.18/c_src/fast_tls.c",
    ),
)
BUILTIN_DH_2048 = DheWithoutParams(
    negotiates_dhe=True,
    builtin_group_bits=2048,
    builtin_group="the 2048-bit MODP group of RFC 5114 section 2.3",
    source=Source(
        "fast_tls 1.0.19 and later (ejabberd 18.01 and later; 23.01 pins 1.1.16)"
        " c_src/fast_tls.c setup_dh: without a dhfile the 2048-bit MODP group with"
        " 256-bit subgroup of RFC 5114",
        "https://github.com/processone/fast_tls/blob/1.1.16/c_src/fast_tls.c",
    ),
)

_OLD_FAST_TLS_CIPHERS = "DEFAULT:!EXPORT:!LOW:!RC4:!SSLv2"
_NEW_FAST_TLS_CIPHERS = "HIGH:!aNULL:!eNULL:!3DES:@STRENGTH"


UNKNOWN_VERSION = Source(
    "version not found in the path (no directory like 23.01): assumed the newest"
    " behaviour this checker knows, ejabberd 23.01",
    "https://docs.ejabberd.im/admin/configuration/listen-options/",
)


def ejabberd_profile(version: str | None) -> ServerProfile:
    if not at_least(version, "13.12"):
        return ServerProfile(
            family="ejabberd",
            version=version,
            can_set_ciphers=False,
            can_disable_protocols=False,
            can_set_dh_params=False,
            can_set_server_cipher_order=False,
            can_set_ecdh_curves=False,
            default_ciphers="DEFAULT",
            # What listeners accept: the outgoing side also refuses SSLv2, but one
            # default per profile must describe the side that faces every client.
            default_disabled_protocols=frozenset(),
            default_server_cipher_order=False,
            sources=(GUIDE_2_1_10, TLS_DRV_OPTIONS_2_1_10),
            dhe_without_params=NO_DHE_2_1_10,
        )
    if not at_least(version, "23.01"):
        return ServerProfile(
            family="ejabberd",
            version=version,
            can_set_ciphers=True,
            can_disable_protocols=at_least(version, "14.05"),
            can_set_dh_params=at_least(version, "15.06"),
            can_set_server_cipher_order=at_least(version, "14.05"),
            can_set_ecdh_curves=False,
            default_ciphers=_OLD_FAST_TLS_CIPHERS,
            default_disabled_protocols=frozenset({"SSLv2"}),
            never_offered_protocols=NEVER_OFFERED,
            dhe_without_params=BUILTIN_DH_2048 if at_least(version, "18.01") else BUILTIN_DH_1024,
            sources=(GUIDE_13_12, GUIDE_14_05, DHFILE_15_06, P1_TLS_CIPHERS, FAST_TLS_NO_SSLV2),
        )
    return ServerProfile(
        family="ejabberd",
        version=version,
        can_set_ciphers=True,
        can_disable_protocols=True,
        can_set_dh_params=True,
        can_set_server_cipher_order=True,
        can_set_ecdh_curves=False,
        default_ciphers=_NEW_FAST_TLS_CIPHERS,
        default_disabled_protocols=frozenset({"SSLv2", "SSLv3"}),
        default_server_cipher_order=True,
        never_offered_protocols=NEVER_OFFERED,
        dhe_without_params=BUILTIN_DH_2048,
        sources=(LISTEN_OPTIONS_23, FAST_TLS_CIPHERS, C2S_TLS_OPTIONS_23, FAST_TLS_NO_SSLV2)
        + ((UNKNOWN_VERSION,) if version is None else ()),
    )
