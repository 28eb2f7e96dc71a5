"""Which Postfix parameters the checker reads, which it knows to leave, and which it names.

main.cf is one global scope, so every parameter in it may touch TLS. The
interpreter reads the ``INTERPRETED`` ones; ``KNOWN_IRRELEVANT`` are TLS or
SASL parameters that do not change what the server's ports offer (the SMTP
client's ``smtp_tls_*``, logging, session caches, client certificates);
any other parameter whose name looks like TLS or SASL is named in a
blocking read issue, never passed in silence. A parameter whose name has
nothing of TLS in it (``myhostname``) cannot change smtpd's TLS: Postfix
reads TLS settings only from parameters named for them (postconf(5)).
"""

from __future__ import annotations

import re

INTERPRETED = frozenset(
    {
        "smtpd_tls_security_level", "smtpd_use_tls", "smtpd_enforce_tls",
        "smtpd_tls_wrappermode", "smtpd_tls_auth_only", "smtpd_sasl_auth_enable",
        "smtpd_tls_protocols", "smtpd_tls_mandatory_protocols", "smtpd_tls_ciphers",
        "smtpd_tls_mandatory_ciphers", "smtpd_tls_exclude_ciphers",
        "smtpd_tls_mandatory_exclude_ciphers", "tls_high_cipherlist", "tls_medium_cipherlist",
        "tls_low_cipherlist", "tls_export_cipherlist", "tls_null_cipherlist",
        "tls_preempt_cipherlist", "smtpd_tls_dh1024_param_file",
        "tls_eecdh_auto_curves", "tls_ssl_options", "smtpd_tls_cert_file", "smtpd_tls_eccert_file",
        "smtpd_tls_dcert_file", "smtpd_tls_chain_files",
    }
)  # fmt: skip

KNOWN_IRRELEVANT = frozenset(
    {
        # Keys beside the certificates; logging; session caches and tickets' lifetime;
        # client certificates; the TLS 1.3 FFDHE groups (3.8+).
        "smtpd_tls_key_file", "smtpd_tls_eckey_file", "smtpd_tls_dkey_file",
        "smtpd_tls_loglevel", "smtpd_tls_received_header", "smtpd_tls_session_cache_database",
        "smtpd_tls_session_cache_timeout", "smtpd_tls_always_issue_session_ids",
        "smtpd_tls_CAfile", "smtpd_tls_CApath", "smtpd_tls_ask_ccert", "smtpd_tls_req_ccert",
        "smtpd_tls_ccert_verifydepth", "smtpd_tls_fingerprint_digest",
        "smtpd_tls_dh512_param_file", "smtpd_tls_enable_rpk",
        "smtpd_sasl_type", "smtpd_sasl_path", "smtpd_sasl_security_options",
        "smtpd_sasl_tls_security_options", "smtpd_sasl_local_domain", "smtpd_sasl_service",
        "smtpd_sasl_authenticated_header", "smtpd_sasl_exceptions_networks",
        "smtpd_sasl_response_limit", "smtpd_sasl_mechanism_filter", "broken_sasl_auth_clients",
        "cyrus_sasl_config_path", "tls_daemon_random_bytes", "tls_append_default_CA",
        "tls_wildcard_matches_multiple_labels", "tls_fast_shutdown_enable",
        "tls_server_sni_maps", "tls_disable_workarounds",
        "tls_dane_digests", "tls_ffdhe_auto_groups",
        # 3.6 and later ignore the grade and its two curves: tls_server.c hands OpenSSL
        # tls_eecdh_auto_curves whatever the grade (tag v3.7.11); 3.5 still read them.
        "smtpd_tls_eecdh_grade", "tls_eecdh_strong_curve", "tls_eecdh_ultra_curve",
        "tls_config_file", "tls_config_name",
    }
)  # fmt: skip

# The SMTP and LMTP clients (outgoing mail), the TLS manager and random source, the
# proxies: none of them is a port this server listens on.
IRRELEVANT_PREFIXES = ("smtp_", "lmtp_", "tlsmgr_", "tls_random_", "tlsproxy_", "postscreen_")

_LOOKS_TLS = re.compile(
    r"(^|_)(tls|ssl|sasl|starttls)(_|$)|cipher|(^|_)e?c?dh[0-9]*(_|$)|eecdh|wrappermode"
    r"|security_level|(^|_)cert(_|$)",
    re.IGNORECASE,
)


def looks_tls(name: str) -> bool:
    return bool(_LOOKS_TLS.search(name))


def needs_naming(name: str) -> bool:
    """A TLS-looking parameter the checker neither reads nor knows to be irrelevant."""
    if name in INTERPRETED or name in KNOWN_IRRELEVANT or name.startswith(IRRELEVANT_PREFIXES):
        return False
    return looks_tls(name)
