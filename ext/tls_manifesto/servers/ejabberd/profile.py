"""ejabberd's TLS facts per release range, each with its source (file and tag).

ejabberd's defaults are those of the TLS code it builds: its own
src/tls/tls_drv.c up to 2.1.13, then p1_tls (processone/tls, renamed
fast_tls in 2016), pinned per release in rebar.config from 16.01 on. The
rows follow the library: ejabberd 18.01 is the first release that pins a
fast_tls with the defaults of commit 71250ae "Update default ciphers and
options" (first tagged 1.0.19; 18.01 pins 1.0.20).

The pins, read from rebar.config at each tag: 16.01 p1_tls 1.0.0; 16.12
fast_tls 1.0.9; 17.12 1.0.18; 18.01 1.0.20; 18.12 1.0.26; 19.02 1.1.0; 22.10
and 23.01 1.1.16; 24.12 1.1.22; 25.10 and 26.01 1.1.25; 26.07 1.1.26. 13.06
to 15.x build p1_tls from its git head (rebar.config.script, no tag).
fast_tls's defaults are the same in every tag from 1.0.19 to 1.1.26
(c_src/fast_tls.c CIPHERS, PROTOCOL_OPTIONS, setup_dh).
"""

from __future__ import annotations

import dataclasses

from tls_manifesto.model import DheWithoutParams, FixHints, ServerProfile, Source
from tls_manifesto.servers.profile_table import (
    ProfileRow,
    newest_release,
    outside_table,
    pick_row,
    unknown_profile,
)
from tls_manifesto.servers.versions import at_least

_REPO = "https://github.com/processone/ejabberd/blob"
_FAST_TLS = "https://github.com/processone/fast_tls/blob"

# --- ejabberd 2.1.x: its own driver, src/tls/tls_drv.c ---------------------------
TLS_DRV_2_1_11 = Source(
    "ejabberd 2.1.0-2.1.11 src/tls/tls_drv.c (tag v2.1.11): SSL_CTX_new(SSLv23_method()) and"
    " no SSL_CTX_set_cipher_list call, so the linked OpenSSL's DEFAULT cipher list applies;"
    " an accepted connection gets only SSL_OP_NO_TICKET (none before 2.1.5): no"
    " SSL_OP_NO_SSLv2 or SSL_OP_NO_SSLv3 (only the outgoing side refuses SSLv2) and no"
    " server-preference option, so the client's order decides",
    f"{_REPO}/v2.1.11/src/tls/tls_drv.c",
)
TLS_DRV_2_1_13 = Source(
    "ejabberd 2.1.12-2.1.13 src/tls/tls_drv.c (tag v2.1.13): #define CIPHERS"
    ' "DEFAULT:!EXPORT:!LOW:!SSLv2" set on every context with SSL_OP_NO_SSLv2 (commits'
    ' e06c1c4 "Disable SSL 2.0 in TLS driver", d2d5138 "Disable old and unsecure ciphers");'
    " no SSL_OP_NO_SSLv3 and no server-preference option, so the client's order decides",
    f"{_REPO}/v2.1.13/src/tls/tls_drv.c",
)
# --- p1_tls / fast_tls before 1.0.19 -------------------------------------------
P1_TLS_2013 = Source(
    "p1_tls c_src/p1_tls_drv.c as of ejabberd 13.06 (2013-06-25; fast_tls commit 1e94f01):"
    ' #define CIPHERS "DEFAULT:!EXPORT:!LOW:!SSLv2"; ejabberd 13.06/13.10 have no ciphers'
    " option; every connection gets SSL_OP_NO_SSLv2 only, no server-preference option",
    "https://github.com/processone/fast_tls/blob/1e94f017b3b7f7e811c907fc71f1e4dc0e5e6d4e/c_src/p1_tls_drv.c",
)
P1_TLS_CIPHERS = Source(
    "p1_tls/fast_tls 1.0.0-1.0.18 (ejabberd 13.12-17.12; 17.12 pins fast_tls 1.0.18)"
    ' c_src/fast_tls.c: #define CIPHERS "DEFAULT:!EXPORT:!LOW:!RC4:!SSLv2" when no ciphers'
    " are configured (RC4 excluded by commit 3c00949, 2013-11-26)",
    f"{_FAST_TLS}/1.0.18/c_src/fast_tls.c",
)
P1_TLS_OPTIONS = Source(
    "p1_tls/fast_tls 1.0.0-1.0.18 (ejabberd 13.12-17.12) c_src/fast_tls.c: without"
    " protocol_options only SSL_OP_NO_SSLv2 (and SSL_OP_ALL, SSL_OP_NO_TICKET) is set:"
    " SSLv3 stays enabled and, without SSL_OP_CIPHER_SERVER_PREFERENCE, the client's"
    " cipher order decides",
    f"{_FAST_TLS}/1.0.18/c_src/fast_tls.c",
)
GUIDE_13_12 = Source(
    "ejabberd 13.12 Installation and Operation Guide, listen options: ciphers",
    f"{_REPO}/13.12/doc/guide.tex",
)
GUIDE_14_05 = Source(
    "ejabberd 14.05 Installation and Operation Guide, listen options: protocol_options"
    ' (default "no_sslv2"); 13.12 has no such option',
    f"{_REPO}/14.05/doc/guide.tex",
)
DHFILE_15_06 = Source(
    'ejabberd commit 5585fb1 "New options: dhfile and s2s_dhfile", first released in 15.06',
    "https://github.com/processone/ejabberd/commit/5585fb1ec",
)
# --- fast_tls 1.0.19 and later -----------------------------------------------------
FAST_TLS_CIPHERS = Source(
    "fast_tls 1.0.19-1.1.26 (ejabberd 18.01 pins 1.0.20, 23.01 1.1.16, 26.07 1.1.26;"
    ' rebar.config) c_src/fast_tls.c: #define CIPHERS "HIGH:!aNULL:!eNULL:!3DES:@STRENGTH"'
    ' when no ciphers are configured (commit 71250ae "Update default ciphers and options")',
    f"{_FAST_TLS}/1.1.26/c_src/fast_tls.c",
)
FAST_TLS_PROTOCOL_OPTIONS = Source(
    "fast_tls 1.0.19-1.1.26 (ejabberd 18.01-26.07) c_src/fast_tls.c: #define"
    ' PROTOCOL_OPTIONS "no_sslv3|cipher_server_preference|no_compression", used only when'
    " no protocol_options are configured (a configured list replaces it): SSLv2 and SSLv3"
    " refused, the server's cipher order enforced (SSL_OP_CIPHER_SERVER_PREFERENCE);"
    ' commit 71250ae "Update default ciphers and options", first tagged 1.0.19',
    f"{_FAST_TLS}/1.1.26/c_src/fast_tls.c",
)
EJABBERD_PINS = Source(
    "ejabberd rebar.config pins fast_tls per release: 17.12 1.0.18, 18.01 1.0.20,"
    " 19.02 1.1.0, 23.01 1.1.16, 24.12 1.1.22, 26.07 1.1.26",
    f"{_REPO}/26.07/rebar.config",
)
C2S_TLS_OPTIONS_23 = Source(
    "ejabberd 23.01 src/ejabberd_c2s.erl tls_options/1: global c2s_ciphers,"
    " c2s_protocol_options and c2s_dhfile replace the listener's (lists:keystore)",
    f"{_REPO}/23.01/src/ejabberd_c2s.erl",
)
NOT_REQUIRED_BY_DEFAULT = Source(
    "ejabberd 26.07 src/ejabberd_c2s.erl listen_options {starttls_required, false} and"
    " src/ejabberd_options.erl {s2s_use_starttls, false}: TLS is not required by default",
    f"{_REPO}/26.07/src/ejabberd_options.erl",
)

# SSLv2 cannot be switched back on: every p1_tls/fast_tls release ORs SSL_OP_NO_SSLv2
# into the options of each connection, accepted or outgoing, after applying the
# configured protocol_options. Checked in p1_tls's first commit ec001d6 (2013-04-04,
# c_src/tls_drv.c) and in all 54 fast_tls tags, 1.0.0 to 1.1.26 (c_src/fast_tls_drv.c,
# later c_src/fast_tls.c). OpenSSL 1.1.0 removed SSLv2 altogether (NEWS.md).
FAST_TLS_NO_SSLV2 = Source(
    "p1_tls/fast_tls (ejabberd 13.06 and later; 23.01 pins fast_tls 1.1.16)"
    " c_src/fast_tls.c: every connection gets"
    " options |= SSL_OP_NO_SSLv2 after the configured ones, so SSLv2 is"
    " never offered; OpenSSL 1.1.0 removed SSLv2 support",
    f"{_FAST_TLS}/1.1.16/c_src/fast_tls.c",
)
NEVER_OFFERED = frozenset({"SSLv2"})

# DHE without a dhfile. ejabberd 2.1.0-2.1.11's src/tls/tls_drv.c never calls
# SSL_CTX_set_tmp_dh or SSL_CTX_set_tmp_dh_callback, so OpenSSL leaves kEDH out of
# the server's key exchanges (ssl_set_cert_masks, ssl/ssl_lib.c 0.9.8-1.0.2).
# 2.1.12 (commit bc65b50 "Enable DHE key exchange in TLS driver") installs the
# 1024-bit group of RFC 5114 section 2.1 on accepting contexts, as p1_tls does from
# its first commit ec001d6 (2013-04-04, c_src/tls_drv.c setup_dh) and fast_tls up to
# 1.0.18; fast_tls commit 9e34c05 (2018-01-05, first tagged 1.0.19) replaced it with
# the 2048-bit group of RFC 5114 section 2.3, kept in every later tag to 1.1.26.
NO_DHE_2_1_11 = DheWithoutParams(
    negotiates_dhe=False,
    builtin_group_bits=None,
    builtin_group=None,
    source=Source(
        "ejabberd 2.1.0-2.1.11 src/tls/tls_drv.c sets no DH parameters (no"
        " SSL_CTX_set_tmp_dh), and OpenSSL offers DHE only with them (ssl/ssl_lib.c"
        " ssl_set_cert_masks: dh_tmp)",
        f"{_REPO}/v2.1.11/src/tls/tls_drv.c",
    ),
)
BUILTIN_DH_1024_2_1_13 = DheWithoutParams(
    negotiates_dhe=True,
    builtin_group_bits=1024,
    builtin_group="the 1024-bit MODP group of RFC 5114 section 2.1",
    source=Source(
        "ejabberd 2.1.12-2.1.13 src/tls/tls_drv.c setup_dh: on accepting contexts the"
        " 1024-bit MODP group with 160-bit subgroup of RFC 5114 (no dhfile option)",
        f"{_REPO}/v2.1.13/src/tls/tls_drv.c",
    ),
)
BUILTIN_DH_1024 = DheWithoutParams(
    negotiates_dhe=True,
    builtin_group_bits=1024,
    builtin_group="the 1024-bit MODP group of RFC 5114 section 2.1",
    source=Source(
        "p1_tls c_src/tls_drv.c setup_dh (ejabberd 13.06-17.x, fast_tls before 1.0.19):"
        " without a dhfile the 1024-bit MODP group with 160-bit subgroup of RFC 5114",
        f"{_FAST_TLS}/1.0.18/c_src/fast_tls.c",
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
        f"{_FAST_TLS}/1.1.16/c_src/fast_tls.c",
    ),
)

# On OpenSSL 3, fast_tls 1.1.14 and later (commit bec7717, 2022-04-20, "Replace calls
# to funtion deprecated in openssl3"; unchanged to 1.1.26) build the built-in group with
# OSSL_PARAM_BN(OSSL_PKEY_PARAM_FFC_P, dh2048_p, sizeof(dh2048_p)) (c_src/fast_tls.c
# line 406 at 1.1.16, 426 at 1.1.26). OSSL_PARAM_BN reads the buffer in native byte
# order, little-endian on x86 and ARM, but dh2048_p is the big-endian RFC 5114 prime: the
# modulus served is that prime with its bytes reversed, 97151a1e...1de6a887, divisible by
# 7 and 40013 (captured from Debian 12's erlang-p1-tls 1.1.16, OpenSSL 3.0, in
# tests/manifesto/test_dhe_without_params_facts.py). Built on OpenSSL 1.1, the same
# releases take the BN_bin2bn path and serve RFC 5114 section 2.3 itself. ejabberd pins
# fast_tls 1.1.15 from 22.05 (1.1.13 in 21.12). Which OpenSSL a deployment links the
# config cannot tell: Debian 12 and later link OpenSSL 3, the official container images
# from 23.04 (alpine 3.17; 22.05-23.01 used alpine 3.15/3.16 with OpenSSL 1.1) and the
# binary installers from 24.02 (tools/make-binaries ssl_vsn 3.2.1; 1.1.1 up to 23.10).
FAST_TLS_OPENSSL3_DH = Source(
    "fast_tls 1.1.14-1.1.26 (ejabberd 22.05 and later) c_src/fast_tls.c setup_dh, OpenSSL 3"
    " branch: OSSL_PARAM_BN(OSSL_PKEY_PARAM_FFC_P, dh2048_p, sizeof(dh2048_p)) reads the"
    " big-endian RFC 5114 prime in native byte order, so the modulus served is that prime"
    " with its bytes reversed, which is divisible by 7 and 40013",
    f"{_FAST_TLS}/1.1.16/c_src/fast_tls.c#L406",
)
BUILTIN_DH_OPENSSL3 = DheWithoutParams(
    negotiates_dhe=True,
    builtin_group_bits=2048,
    builtin_group=("the RFC 5114 section 2.3 prime with its bytes reversed, which is not a prime"),
    source=FAST_TLS_OPENSSL3_DH,
    group_key="fast_tls-openssl3-2048",
    assumption=(
        "assumed built with OpenSSL 3, as Debian 12 and later, the container images from"
        " 23.04 and the binary installers from 24.02 are; built with OpenSSL 1.1 (the"
        " containers up to 23.01, the installers up to 23.10) it serves RFC 5114 section 2.3"
        " itself, a prime but not a safe prime, shared by every such server"
    ),
)
BUILTIN_DH_2048 = dataclasses.replace(BUILTIN_DH_2048, group_key="rfc5114-2048-256")
FIRST_OPENSSL3_PATH = "22.05"  # the first release that pins fast_tls 1.1.14 or later

_CANNOT_SET: dict[str, bool] = {
    "can_set_ciphers": False,
    "can_disable_protocols": False,
    "can_set_dh_params": False,
    "can_set_server_cipher_order": False,
    "can_set_ecdh_curves": False,
}
_ERLANG_HINTS = {
    "require_c2s_tls": "add starttls_required (or tls) to the ejabberd_c2s listener options",
    "require_s2s_tls": "{s2s_use_starttls, required_trusted} (or required)",
    "certificate": "certfile on the listener; s2s_certfile or domain_certfile for s2s",
}


_HINTS_BEFORE_13_12 = FixHints(
    **_ERLANG_HINTS,
    disable_protocols="{server} cannot disable protocol versions; upgrade to 14.05 or later",
    server_cipher_order="{server} cannot enforce the server's order; upgrade to 14.05 or later",
    ciphers="{server} has no cipher option; upgrade to 13.12 or later",
)


_YAML_HINTS = {
    "require_c2s_tls": "starttls_required: true (or tls: true) on the ejabberd_c2s listener",
    "require_s2s_tls": "s2s_use_starttls: required_trusted (or required)",
    "ciphers": "ciphers on the listener, s2s_ciphers for s2s (global c2s_ciphers from 17.03)",
    "certificate": "certfile on the listener, s2s_certfile for s2s, or certfiles",
    "dh_params": "dhfile on the listener, s2s_dhfile for s2s (15.06 and later)",
}
_P1_TLS_HINTS = FixHints(
    **_YAML_HINTS,
    disable_protocols="protocol_options on the listener, s2s_protocol_options for s2s"
    " (14.05 and later): no_sslv3, no_tlsv1, no_tlsv1_1",
    server_cipher_order="add cipher_server_preference to protocol_options and"
    " s2s_protocol_options (14.05 and later)",
)
_FAST_TLS_HINTS = FixHints(
    **_YAML_HINTS,
    disable_protocols="protocol_options on the listener, s2s_protocol_options for s2s:"
    " no_sslv3, no_tlsv1, no_tlsv1_1",
    server_cipher_order="list cipher_server_preference in protocol_options and"
    " s2s_protocol_options (a configured list replaces fast_tls's default"
    " no_sslv3|cipher_server_preference|no_compression)",
)

ROWS: tuple[ProfileRow, ...] = (
    ProfileRow(
        "ejabberd",
        "2.1.0",
        "2.1.11",
        "ejabberd src/tls/tls_drv.c with the system OpenSSL",
        {
            **_CANNOT_SET,
            "default_ciphers": "DEFAULT",
            # What listeners accept: the outgoing side also refuses SSLv2, but one
            # default per profile must describe the side that faces every client.
            "default_disabled_protocols": frozenset(),
            "default_server_cipher_order": False,
            "dhe_without_params": NO_DHE_2_1_11,
            "sources": (TLS_DRV_2_1_11, NOT_REQUIRED_BY_DEFAULT),
        },
        _HINTS_BEFORE_13_12,
    ),
    ProfileRow(
        "ejabberd",
        "2.1.12",
        "2.1.13",
        "ejabberd src/tls/tls_drv.c with the system OpenSSL",
        {
            **_CANNOT_SET,
            "default_ciphers": "DEFAULT:!EXPORT:!LOW:!SSLv2",
            "default_disabled_protocols": frozenset({"SSLv2"}),
            "default_server_cipher_order": False,
            "dhe_without_params": BUILTIN_DH_1024_2_1_13,
            "sources": (TLS_DRV_2_1_13, NOT_REQUIRED_BY_DEFAULT),
        },
        _HINTS_BEFORE_13_12,
    ),
    ProfileRow(
        "ejabberd",
        "13.06",
        "13.10",
        "p1_tls (git head at release, 2013)",
        {
            **_CANNOT_SET,
            "default_ciphers": "DEFAULT:!EXPORT:!LOW:!SSLv2",
            "default_disabled_protocols": frozenset({"SSLv2"}),
            "default_server_cipher_order": False,
            "never_offered_protocols": NEVER_OFFERED,
            "dhe_without_params": BUILTIN_DH_1024,
            "sources": (P1_TLS_2013, FAST_TLS_NO_SSLV2, NOT_REQUIRED_BY_DEFAULT),
        },
        _HINTS_BEFORE_13_12,
    ),
    ProfileRow(
        "ejabberd",
        "13.12",
        "17.12",
        "p1_tls, then fast_tls 1.0.0-1.0.18",
        {
            "can_set_ciphers": True,
            "can_disable_protocols": True,  # from 14.05: see ejabberd_profile()
            "can_set_dh_params": True,  # from 15.06
            "can_set_server_cipher_order": True,  # from 14.05
            "can_set_ecdh_curves": False,
            "default_ciphers": "DEFAULT:!EXPORT:!LOW:!RC4:!SSLv2",
            "default_disabled_protocols": frozenset({"SSLv2"}),
            "default_server_cipher_order": False,
            "never_offered_protocols": NEVER_OFFERED,
            "dhe_without_params": BUILTIN_DH_1024,
            "sources": (
                P1_TLS_CIPHERS,
                P1_TLS_OPTIONS,
                GUIDE_13_12,
                GUIDE_14_05,
                DHFILE_15_06,
                FAST_TLS_NO_SSLV2,
                NOT_REQUIRED_BY_DEFAULT,
            ),
        },
        _P1_TLS_HINTS,
    ),
    ProfileRow(
        "ejabberd",
        "18.01",
        "26.07",
        "fast_tls 1.0.20-1.1.26",
        {
            "can_set_ciphers": True,
            "can_disable_protocols": True,
            "can_set_dh_params": True,
            "can_set_server_cipher_order": True,
            "can_set_ecdh_curves": False,
            "default_ciphers": "HIGH:!aNULL:!eNULL:!3DES:@STRENGTH",
            "default_disabled_protocols": frozenset({"SSLv2", "SSLv3"}),
            "default_server_cipher_order": True,
            "never_offered_protocols": NEVER_OFFERED,
            "dhe_without_params": BUILTIN_DH_2048,
            "sources": (
                FAST_TLS_CIPHERS,
                FAST_TLS_PROTOCOL_OPTIONS,
                EJABBERD_PINS,
                C2S_TLS_OPTIONS_23,
                FAST_TLS_NO_SSLV2,
                NOT_REQUIRED_BY_DEFAULT,
            ),
        },
        _FAST_TLS_HINTS,
    ),
)
NEWEST = newest_release(ROWS)


def ejabberd_profile(version: str | None) -> ServerProfile:
    """The facts for ``version``; None means the newest release the table knows."""
    version = version or NEWEST
    row = pick_row(version, ROWS)
    if row is None:
        return unknown_profile("ejabberd", version, ROWS, outside_table("ejabberd", version, ROWS))
    if row.first == "18.01" and at_least(version, FIRST_OPENSSL3_PATH):
        return row.profile(
            version,
            dhe_without_params=BUILTIN_DH_OPENSSL3,
            sources=(*row.facts["sources"], FAST_TLS_OPENSSL3_DH),
        )
    if row.first != "13.12":
        return row.profile(version)
    # Inside 13.12-17.12 the defaults stay; the options to change them arrive one by one.
    hints = _P1_TLS_HINTS
    if not at_least(version, "14.05"):
        hints = FixHints(
            **_YAML_HINTS,
            disable_protocols=_HINTS_BEFORE_13_12.disable_protocols,
            server_cipher_order=_HINTS_BEFORE_13_12.server_cipher_order,
        )
    return row.profile(
        version,
        can_disable_protocols=at_least(version, "14.05"),
        can_set_dh_params=at_least(version, "15.06"),
        can_set_server_cipher_order=at_least(version, "14.05"),
        hints=hints,
    )
