"""What each Prosody version can configure for TLS, and its defaults, with sources."""

from __future__ import annotations

from tls_manifesto.model import DheWithoutParams, ServerProfile, Source
from tls_manifesto.servers.versions import at_least

CERTMANAGER_0_12 = Source(
    'Prosody 0.12 core/certmanager.lua: tls_profile defaults to "intermediate" (Mozilla'
    ' Server Side TLS 5.7): protocol "tlsv1_2+", cipher_server_preference = false',
    "https://hg.prosody.im/0.12/file/tip/core/certmanager.lua",
)
CERTMANAGER_0_11 = Source(
    'Prosody 0.10/0.11 core/certmanager.lua core_defaults: protocol "tlsv1+", options'
    " cipher_server_preference, ciphers HIGH+kEECDH:HIGH+kEDH:HIGH:!PSK:!SRP:!3DES:!aNULL",
    "https://hg.prosody.im/0.11/file/tip/core/certmanager.lua",
)
CERTMANAGER_0_9 = Source(
    'Prosody 0.9 core/certmanager.lua: protocol "sslv23" with options no_sslv2, no_sslv3,'
    " cipher_server_preference; ciphers HIGH+kEDH:HIGH+kEECDH:HIGH:!PSK:!SRP:!3DES:!aNULL",
    "https://hg.prosody.im/0.9/file/tip/core/certmanager.lua",
)
# Prosody 0.12.3 (Debian 12, /usr/lib/prosody/modules): mod_tls.lua reads
# get_option("c2s_require_encryption", get_option("require_encryption", true)) and
# get_option("s2s_require_encryption", true); mod_saslauth.lua refuses authentication
# on an unencrypted c2s stream under the same default; mod_s2s.lua
# get_option_boolean("s2s_require_encryption", true). 0.10 and 0.11 read the same
# options without a default (nil: not required).
MOD_TLS_0_12 = Source(
    "Prosody 0.12 plugins/mod_tls.lua and mod_s2s.lua: c2s_require_encryption (fallback"
    " require_encryption) and s2s_require_encryption default to true; s2s_secure_auth"
    " implies s2s_require_encryption",
    "https://hg.prosody.im/0.12/file/tip/plugins/mod_tls.lua",
)
# Prosody 0.12.3 core/certmanager.lua (as installed by Debian 12, /usr/lib/prosody):
# global_certificates = configmanager.get("*", "certificates") or "certs", resolved
# against the config directory; find_host_cert() takes a certificate from an index of
# that directory (any *.crt or fullchain file naming the host) or tries <host>.crt +
# <host>.key, <host>/fullchain.pem + privkey.pem, <host>.pem, then the parent domain.
# The directory lookup and its "certs" default came with 0.10 (prosody.im/doc/certificates).
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
UNKNOWN_VERSION = Source(
    "version not found in the path (no directory like 0.12): assumed the newest behaviour"
    " this checker knows, Prosody 0.12",
    "https://prosody.im/doc/certificates",
)
# Prosody 0.12.3 (Debian 12) core/certmanager.lua: no preset sets a dhparam
# (line 230 "HIGH+kEDH -- ... if a 'dhparam' file is set"; line 253 intermediate
# "dhparam = nil"); lines 363-371 turn a configured dhparam file into the callback
# LuaSec expects. LuaSec (1.2.0 in Debian 12, /usr/share/lua/5.4/ssl.lua lines
# 137-141) calls context.setdhparam, i.e. SSL_CTX_set_tmp_dh_callback (src/context.c),
# only when cfg.dhparam is set, and never enables dh_auto; OpenSSL then offers no
# DHE suite (ssl/t1_lib.c ssl_set_masks). Measured with LuaSec 1.2.0 and OpenSSL
# 3.0: a client offering only DHE suites gets "no shared cipher"
# (tests/manifesto/test_dhe_without_params_facts.py repeats it).
NO_DHE_WITHOUT_DHPARAM_0_12 = DheWithoutParams(
    negotiates_dhe=False,
    builtin_group_bits=None,
    builtin_group=None,
    source=Source(
        "Prosody 0.12 core/certmanager.lua sets no default dhparam, and LuaSec installs DH"
        " parameters (SSL_CTX_set_tmp_dh_callback) only for a configured dhparam, so"
        " OpenSSL negotiates no DHE suite without one",
        "https://prosody.im/doc/advanced_ssl_config",
    ),
)

# Mozilla "intermediate" cipher list as Prosody 0.12 applies it (certmanager.lua).
INTERMEDIATE_CIPHERS = ":".join(
    (
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-CHACHA20-POLY1305",
        "DHE-RSA-AES128-GCM-SHA256",
        "DHE-RSA-AES256-GCM-SHA384",
        "DHE-RSA-CHACHA20-POLY1305",
    )
)
CORE_CIPHERS = "HIGH+kEECDH:HIGH+kEDH:HIGH:!PSK:!SRP:!3DES:!aNULL"


def prosody_profile(version: str | None, tls_profile: str | None = None) -> ServerProfile:
    """``tls_profile`` (0.12) picks which Mozilla preset supplies the defaults."""
    common = {
        "family": "prosody",
        "version": version,
        "can_set_ciphers": True,
        "can_disable_protocols": True,
        "can_set_dh_params": True,
        "can_set_server_cipher_order": True,
        "can_set_ecdh_curves": True,
    }
    if not at_least(version, "0.10"):
        return ServerProfile(
            **common,
            default_ciphers="HIGH+kEDH:HIGH+kEECDH:HIGH:!PSK:!SRP:!3DES:!aNULL",
            default_disabled_protocols=frozenset({"SSLv2", "SSLv3"}),
            default_server_cipher_order=True,
            sources=(CERTMANAGER_0_9,),
        )
    common["certificate_lookup"] = CERTIFICATE_LOOKUP
    lookup = (CERTIFICATE_LOOKUP_0_10,)
    if at_least(version, "0.12"):  # verified for 0.12 only; older versions stay unknown
        common["dhe_without_params"] = NO_DHE_WITHOUT_DHPARAM_0_12
    if not at_least(version, "0.12") or tls_profile == "legacy":
        return ServerProfile(
            **common,
            default_ciphers=CORE_CIPHERS,
            default_disabled_protocols=frozenset({"SSLv2", "SSLv3"}),
            default_server_cipher_order=True,
            sources=(CERTMANAGER_0_11, *lookup),
        )
    unknown = (UNKNOWN_VERSION,) if version is None else ()
    common["default_tls_required"] = frozenset({"c2s", "s2s"})
    if tls_profile == "old":
        return ServerProfile(
            **common,
            default_ciphers=None,  # Mozilla "old" list, long; not needed by any rule yet
            default_disabled_protocols=frozenset({"SSLv2", "SSLv3"}),
            default_server_cipher_order=True,
            sources=(CERTMANAGER_0_12, MOD_TLS_0_12, *lookup, *unknown),
        )
    if tls_profile == "modern":
        return ServerProfile(
            **common,
            default_ciphers="DEFAULT",
            default_disabled_protocols=frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"}),
            sources=(CERTMANAGER_0_12, MOD_TLS_0_12, *lookup, *unknown),
        )
    return ServerProfile(
        **common,
        default_ciphers=INTERMEDIATE_CIPHERS,
        default_disabled_protocols=frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"}),
        default_server_cipher_order=False,
        sources=(CERTMANAGER_0_12, MOD_TLS_0_12, *lookup, *unknown),
    )
