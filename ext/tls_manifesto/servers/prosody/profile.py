"""Prosody's TLS facts per release range, each with its source (file and tag).

Prosody sets its TLS defaults in core/certmanager.lua and hands them to
LuaSec. The rows follow the changes found at the release tags (hg mirror
github.com/bjc/prosody): 0.9.2 added cipher_server_preference and a new
cipher list, 0.9.6 no_sslv3; 0.10.0 moved to protocol "tlsv1+" with an
options table; 0.11.6 put ECDHE before DHE; 0.12.0 applies Mozilla's
"intermediate" preset by default (``tls_profile``), and makes TLS required on
c2s and s2s (mod_tls.lua); 0.12.4 follows Mozilla 5.7 (one more DHE suite);
13.0.0 gives the intermediate preset the ffdhe2048 group of RFC 7919.
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

_REPO = "https://github.com/bjc/prosody/blob"


def _certmanager(tag: str, what: str) -> Source:
    return Source(f"Prosody {what} (core/certmanager.lua, tag {tag})",
                  f"{_REPO}/{tag}/core/certmanager.lua")  # fmt: skip


CERTMANAGER_0_9_0 = _certmanager(
    "0.9.1",
    '0.9.0-0.9.1: protocol "sslv23", options { "no_sslv2", "no_ticket", ... } (no'
    ' no_sslv3, no cipher_server_preference), ciphers "HIGH:!DSS:!aNULL@STRENGTH"',
)
CERTMANAGER_0_9_2 = _certmanager(
    "0.9.5",
    '0.9.2-0.9.5: protocol "sslv23", options no_sslv2 and cipher_server_preference (no'
    ' no_sslv3), ciphers "HIGH+kEDH:HIGH+kEECDH:HIGH:!PSK:!SRP:!3DES:!aNULL"',
)
CERTMANAGER_0_9_6 = _certmanager(
    "0.9.14",
    '0.9.6-0.9.14: protocol "sslv23", options no_sslv2, no_sslv3, cipher_server_preference,'
    ' ciphers "HIGH+kEDH:HIGH+kEECDH:HIGH:!PSK:!SRP:!3DES:!aNULL"',
)
CERTMANAGER_0_10 = _certmanager(
    "0.11.5",
    '0.10.0-0.11.5 core_defaults: protocol "tlsv1+" (no_sslv2, no_sslv3),'
    " options cipher_server_preference, ciphers HIGH+kEDH:HIGH+kEECDH:HIGH:!PSK:!SRP:!3DES:!aNULL",
)
CERTMANAGER_0_11_6 = _certmanager(
    "0.11.14",
    '0.11.6-0.11.14 core_defaults: protocol "tlsv1+" (no_sslv2, no_sslv3),'
    " options cipher_server_preference, ciphers HIGH+kEECDH:HIGH+kEDH:HIGH:!PSK:!SRP:!3DES:!aNULL",
)
CERTMANAGER_0_12_0 = _certmanager(
    "0.12.3",
    '0.12.0-0.12.3: tls_profile defaults to "intermediate" (Mozilla Server Side TLS 5.6):'
    ' protocol "tlsv1_2+", cipher_server_preference = false, 8 ECDHE/DHE AEAD suites,'
    " dhparam = nil",
)
CERTMANAGER_0_12_4 = _certmanager(
    "0.12.5",
    '0.12.4-0.12.5: tls_profile defaults to "intermediate" (Mozilla Server Side TLS 5.7):'
    ' protocol "tlsv1_2+", cipher_server_preference = false, 9 ECDHE/DHE AEAD suites,'
    " dhparam = nil",
)
CERTMANAGER_13_0 = _certmanager(
    "13.0.1",
    '13.0.0-13.0.1: tls_profile defaults to "intermediate" (Mozilla Server Side TLS 5.7):'
    ' protocol "tlsv1_2+", cipher_server_preference = false, 9 ECDHE/DHE AEAD suites,'
    " dhparam = ffdhe2048 (RFC 7919)",
)
PRESETS_0_12 = _certmanager(
    "13.0.1",
    '0.12.0-13.0.1 mozilla_ssl_configs: "modern" protocol "tlsv1_3", cipher_server_preference'
    ' = false; "old" protocol "tlsv1+" (TLS 1.0 on), cipher_server_preference = true, a list'
    ' with non-forward-secret suites (AES128-SHA ... DES-CBC3-SHA), dhparam = nil; "legacy"'
    " keeps core_defaults",
)
UNKNOWN_PRESET_0_12 = Source(
    "Prosody 0.12.0-0.12.5 util/sslconfig.lua apply() ignores a preset that is not a table,"
    " so an unknown tls_profile keeps core_defaults (protocol tlsv1+, cipher_server_preference,"
    ' ciphers HIGH+kEECDH:HIGH+kEDH:HIGH:!PSK:!SRP:!3DES:!aNULL), as "legacy" does',
    f"{_REPO}/0.12.5/util/sslconfig.lua",
)
NOT_REQUIRED_0_9 = Source(
    "Prosody 0.9.0-0.11.14 plugins/mod_tls.lua (tag 0.11.14): c2s_require_encryption and"
    " s2s_require_encryption have no default (nil), so TLS is not required",
    f"{_REPO}/0.11.14/plugins/mod_tls.lua",
)
# mod_tls.lua reads get_option("c2s_require_encryption", get_option("require_encryption",
# true)) and get_option("s2s_require_encryption", true) from 0.12.0 on (13.0:
# get_option_boolean with the same defaults); mod_saslauth.lua refuses authentication on
# an unencrypted c2s stream under the same default.
MOD_TLS_0_12 = Source(
    "Prosody 0.12.0-13.0.1 plugins/mod_tls.lua: c2s_require_encryption (fallback"
    " require_encryption) and s2s_require_encryption default to true; s2s_secure_auth"
    " implies s2s_require_encryption",
    f"{_REPO}/13.0.1/plugins/mod_tls.lua",
)
# certmanager.lua (0.10+): global_certificates = configmanager.get("*", "certificates")
# or "certs", resolved against the config directory; find_host_cert() takes a
# certificate from an index of that directory or tries <host>.crt + <host>.key,
# <host>/fullchain.pem + privkey.pem, <host>.pem, then the parent domain.
CERTIFICATE_LOOKUP_0_10 = Source(
    'Prosody 0.10+ core/certmanager.lua find_host_cert: certificates directory ("certificates",'
    ' default "certs" beside the config) searched per host for <host>.crt/.key,'
    " <host>/fullchain.pem, <host>.pem or an indexed certificate naming the host",
    "https://prosody.im/doc/certificates",
)
CERTIFICATE_LOOKUP = (
    'each host\'s certificate and key are located automatically in the "certificates" directory'
    ' (default "certs" beside the config): <host>.crt and .key, <host>/fullchain.pem,'
    " <host>.pem, or a certificate there naming the host"
)
# No default dhparam before 13.0, and none in 13.0's presets other than intermediate.
# LuaSec (src/ssl.lua 0.5 to 1.0.1; 1.2.0 in Debian 12, /usr/share/lua/5.4/ssl.lua)
# calls context.setdhparam, i.e. SSL_CTX_set_tmp_dh_callback (src/context.c), only when
# cfg.dhparam is set, and never enables dh_auto; LuaSec 0.4.1 has no dhparam at all.
# OpenSSL then offers no DHE suite (ssl/t1_lib.c ssl_set_masks). Measured with LuaSec
# 1.2.0 and OpenSSL 3.0 (tests/manifesto/test_dhe_without_params_facts.py).
NO_DHE_WITHOUT_DHPARAM = DheWithoutParams(
    negotiates_dhe=False,
    builtin_group_bits=None,
    builtin_group=None,
    source=Source(
        "Prosody 0.9.0-0.12.5 core/certmanager.lua sets no default dhparam, and LuaSec"
        " installs DH parameters (SSL_CTX_set_tmp_dh_callback) only for a configured"
        " dhparam, so OpenSSL negotiates no DHE suite without one",
        f"{_REPO}/0.12.5/core/certmanager.lua",
    ),
)
FFDHE2048 = DheWithoutParams(
    negotiates_dhe=True,
    builtin_group_bits=2048,
    builtin_group="ffdhe2048 of RFC 7919 appendix A.1",
    source=Source(
        'Prosody 13.0 core/certmanager.lua: the "intermediate" tls_profile (the default)'
        " sets dhparam = ffdhe2048, the 2048-bit group of RFC 7919 appendix A.1",
        f"{_REPO}/13.0.1/core/certmanager.lua",
    ),
    group_key="ffdhe2048",
)

# Mozilla "intermediate" cipher lists as Prosody applies them (certmanager.lua).
_INTERMEDIATE_5_6 = (
    "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    "DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384",
)  # fmt: skip
INTERMEDIATE_5_6_CIPHERS = ":".join(_INTERMEDIATE_5_6)
INTERMEDIATE_CIPHERS = ":".join((*_INTERMEDIATE_5_6, "DHE-RSA-CHACHA20-POLY1305"))
OLD_CIPHERS = ":".join(
    (
        *_INTERMEDIATE_5_6, "DHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256", "ECDHE-ECDSA-AES128-SHA",
        "ECDHE-RSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384",
        "ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA", "DHE-RSA-AES128-SHA256",
        "DHE-RSA-AES256-SHA256", "AES128-GCM-SHA256", "AES256-GCM-SHA384", "AES128-SHA256",
        "AES256-SHA256", "AES128-SHA", "AES256-SHA", "DES-CBC3-SHA",
    )
)  # fmt: skip
CORE_CIPHERS_0_10 = "HIGH+kEDH:HIGH+kEECDH:HIGH:!PSK:!SRP:!3DES:!aNULL"
CORE_CIPHERS = "HIGH+kEECDH:HIGH+kEDH:HIGH:!PSK:!SRP:!3DES:!aNULL"
_BELOW_TLS_1 = frozenset({"SSLv2", "SSLv3"})
_BELOW_TLS_1_2 = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"})
_BELOW_TLS_1_3 = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"})

_CAN_SET_ALL = {
    "can_set_ciphers": True,
    "can_disable_protocols": True,
    "can_set_dh_params": True,
    "can_set_server_cipher_order": True,
    "can_set_ecdh_curves": True,
}
_COMMON_HINTS = {
    "require_c2s_tls": "c2s_require_encryption = true",
    "require_s2s_tls": "s2s_require_encryption = true, and s2s_secure_auth = true to verify"
    " certificates",
    "ciphers": 'ssl = { ciphers = "..." }',
    "dh_params": 'ssl = { dhparam = "/path/dh.pem" }',
}
HINTS_0_9 = FixHints(
    **_COMMON_HINTS,
    # A configured options list replaces the default one in 0.9 (certmanager.lua).
    disable_protocols='ssl = { options = { "no_sslv2", "no_sslv3", "cipher_server_preference",'
    ' "no_ticket", "no_compression" } } (a list replaces the default options)',
    server_cipher_order='ssl = { options = { "no_sslv2", "no_sslv3", "cipher_server_preference",'
    ' "no_ticket", "no_compression" } } (a list replaces the default options)',
    certificate="ssl = { certificate = ...; key = ... }",
)
HINTS_0_10 = FixHints(
    **_COMMON_HINTS,
    disable_protocols='ssl = { protocol = "tlsv1_2+" }',
    server_cipher_order="ssl = { options = { cipher_server_preference = true } }",
    certificate='ssl = { certificate = ...; key = ... }, or a file in the "certificates" directory',
)
HINTS_0_12 = FixHints(
    **{**_COMMON_HINTS, "ciphers": 'tls_profile = "intermediate", or ssl = { ciphers = "..." }'},
    disable_protocols='tls_profile = "intermediate" (the default), or ssl = { protocol ='
    ' "tlsv1_2+" }',
    server_cipher_order="ssl = { options = { cipher_server_preference = true } }",
    certificate='ssl = { certificate = ...; key = ... }, or a file in the "certificates" directory',
)


def _row(first: str, last: str, facts: dict[str, Any], hints: FixHints) -> ProfileRow:
    return ProfileRow("prosody", first, last, "LuaSec", {**_CAN_SET_ALL, **facts}, hints)


_LOOKUP = {"certificate_lookup": CERTIFICATE_LOOKUP}
_NOT_REQUIRED = (NOT_REQUIRED_0_9,)
ROWS: tuple[ProfileRow, ...] = (
    _row("0.9.0", "0.9.1", {
        "default_ciphers": "HIGH:!DSS:!aNULL@STRENGTH",
        "default_disabled_protocols": frozenset({"SSLv2"}),
        "default_server_cipher_order": False,
        "dhe_without_params": NO_DHE_WITHOUT_DHPARAM,
        "sources": (CERTMANAGER_0_9_0, *_NOT_REQUIRED),
    }, HINTS_0_9),
    _row("0.9.2", "0.9.5", {
        "default_ciphers": CORE_CIPHERS_0_10,
        "default_disabled_protocols": frozenset({"SSLv2"}),
        "default_server_cipher_order": True,
        "dhe_without_params": NO_DHE_WITHOUT_DHPARAM,
        "sources": (CERTMANAGER_0_9_2, *_NOT_REQUIRED),
    }, HINTS_0_9),
    _row("0.9.6", "0.9.14", {
        "default_ciphers": CORE_CIPHERS_0_10,
        "default_disabled_protocols": _BELOW_TLS_1,
        "default_server_cipher_order": True,
        "dhe_without_params": NO_DHE_WITHOUT_DHPARAM,
        "sources": (CERTMANAGER_0_9_6, *_NOT_REQUIRED),
    }, HINTS_0_9),
    _row("0.10.0", "0.11.5", {
        "default_ciphers": CORE_CIPHERS_0_10,
        "default_disabled_protocols": _BELOW_TLS_1,
        "default_server_cipher_order": True,
        "dhe_without_params": NO_DHE_WITHOUT_DHPARAM,
        **_LOOKUP,
        "sources": (CERTMANAGER_0_10, *_NOT_REQUIRED, CERTIFICATE_LOOKUP_0_10),
    }, HINTS_0_10),
    _row("0.11.6", "0.11.14", {
        "default_ciphers": CORE_CIPHERS,
        "default_disabled_protocols": _BELOW_TLS_1,
        "default_server_cipher_order": True,
        "dhe_without_params": NO_DHE_WITHOUT_DHPARAM,
        **_LOOKUP,
        "sources": (CERTMANAGER_0_11_6, *_NOT_REQUIRED, CERTIFICATE_LOOKUP_0_10),
    }, HINTS_0_10),
    _row("0.12.0", "0.12.3", {
        "default_ciphers": INTERMEDIATE_5_6_CIPHERS,
        "default_disabled_protocols": _BELOW_TLS_1_2,
        "default_server_cipher_order": False,
        "default_tls_required": frozenset({"c2s", "s2s"}),
        "dhe_without_params": NO_DHE_WITHOUT_DHPARAM,
        **_LOOKUP,
        "sources": (CERTMANAGER_0_12_0, MOD_TLS_0_12, CERTIFICATE_LOOKUP_0_10),
    }, HINTS_0_12),
    _row("0.12.4", "0.12.5", {
        "default_ciphers": INTERMEDIATE_CIPHERS,
        "default_disabled_protocols": _BELOW_TLS_1_2,
        "default_server_cipher_order": False,
        "default_tls_required": frozenset({"c2s", "s2s"}),
        "dhe_without_params": NO_DHE_WITHOUT_DHPARAM,
        **_LOOKUP,
        "sources": (CERTMANAGER_0_12_4, MOD_TLS_0_12, CERTIFICATE_LOOKUP_0_10),
    }, HINTS_0_12),
    _row("13.0.0", "13.0.1", {
        "default_ciphers": INTERMEDIATE_CIPHERS,
        "default_disabled_protocols": _BELOW_TLS_1_2,
        "default_server_cipher_order": False,
        "default_tls_required": frozenset({"c2s", "s2s"}),
        "dhe_without_params": FFDHE2048,
        **_LOOKUP,
        "sources": (CERTMANAGER_13_0, MOD_TLS_0_12, CERTIFICATE_LOOKUP_0_10),
    }, HINTS_0_12),
)  # fmt: skip
NEWEST = newest_release(ROWS)
TLS_PROFILES = ("modern", "intermediate", "old", "legacy")

# The other presets of 0.12.0-13.0.1 (mozilla_ssl_configs; "legacy" keeps core_defaults).
_PRESETS: dict[str, dict[str, Any]] = {
    "modern": {
        "default_ciphers": "DEFAULT",  # TLS 1.3 only: its suites come from ciphersuites
        "default_disabled_protocols": _BELOW_TLS_1_3,
        "default_server_cipher_order": False,
        "dhe_without_params": NO_DHE_WITHOUT_DHPARAM,
    },
    "old": {
        "default_ciphers": OLD_CIPHERS,
        "default_disabled_protocols": _BELOW_TLS_1,
        "default_server_cipher_order": True,
        "dhe_without_params": NO_DHE_WITHOUT_DHPARAM,
    },
    "legacy": {
        "default_ciphers": CORE_CIPHERS,
        "default_disabled_protocols": _BELOW_TLS_1,
        "default_server_cipher_order": True,
        "dhe_without_params": NO_DHE_WITHOUT_DHPARAM,
    },
}


def prosody_profile(version: str | None, tls_profile: str | None = None) -> ServerProfile:
    """The facts for ``version``; ``tls_profile`` (0.12 and later) picks the preset."""
    version = version or NEWEST
    row = pick_row(version, ROWS)
    if row is None:
        return unknown_profile("prosody", version, ROWS, outside_table("prosody", version, ROWS))
    if "default_tls_required" not in row.facts or tls_profile in (None, "intermediate"):
        return row.profile(version)  # before 0.12 there are no presets to choose
    if tls_profile not in _PRESETS and row.first.startswith("0.12"):
        # 0.12 applies mozilla_ssl_configs[profile], nil for an unknown name, and
        # util/sslconfig.lua apply() ignores nil: core_defaults stay, as for "legacy".
        sources = (UNKNOWN_PRESET_0_12, MOD_TLS_0_12, CERTIFICATE_LOOKUP_0_10)
        return row.profile(version, **_PRESETS["legacy"], sources=sources)
    if tls_profile not in _PRESETS:
        names = ", ".join(TLS_PROFILES)
        reason = (
            f"tls_profile {tls_profile!r} is not one of {names}: Prosody {version} refuses it"
            " (core/certmanager.lua, tag 13.0.1), so what it would use is not known"
        )
        known = {key: row.facts[key] for key in ("default_tls_required", "certificate_lookup")}
        return unknown_profile("prosody", version, ROWS, reason, (PRESETS_0_12,), **known)
    sources = (PRESETS_0_12, MOD_TLS_0_12, CERTIFICATE_LOOKUP_0_10)
    return row.profile(version, **_PRESETS[tls_profile], sources=sources)
