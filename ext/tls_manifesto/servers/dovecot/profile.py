"""Dovecot's TLS and login defaults per release range, each with its source (file and tag).

The TLS defaults live in src/lib-master/master-service-ssl-settings.c (2.3)
and src/lib-ssl-iostream/ssl-settings.c (2.4), applied by
src/lib-ssl-iostream/iostream-openssl-context.c; the login defaults in
src/login-common/login-settings.c. From the tags of github.com/dovecot/core:
2.3.15 raised ssl_min_protocol from TLSv1 to TLSv1.2; 2.4.0 renamed the
settings (``names.py``) but kept the values. Every row: ssl = yes (STARTTLS
offered, not required), no cleartext authentication before TLS, the same
cipher list, the client's cipher order, no TLS compression, session tickets
on, and no DH parameters unless a file is configured.
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

_REPO = "https://github.com/dovecot/core/blob"


def _at(tag: str, path: str, what: str) -> Source:
    return Source(f"Dovecot {what} ({path}, tag {tag})", f"{_REPO}/{tag}/{path}")


DEFAULT_CIPHERS = (
    "ALL:!kRSA:!SRP:!kDHd:!DSS:!aNULL:!eNULL:!EXPORT:!DES:!3DES:!MD5:!PSK:!RC4:!ADH:!LOW@STRENGTH"
)
_SSL_SETTINGS_23 = "src/lib-master/master-service-ssl-settings.c"
SSL_2_3_0 = _at(
    "2.3.14",
    _SSL_SETTINGS_23,
    "2.3.0-2.3.14: ssl = yes, ssl_min_protocol = TLSv1, ssl_prefer_server_ciphers = no,"
    f" ssl_cipher_list = {DEFAULT_CIPHERS}, ssl_curve_list empty (OpenSSL's groups),"
    " ssl_options empty (no compression, session tickets on)",
)
SSL_2_3_15 = _at(
    "2.3.21.1",
    _SSL_SETTINGS_23,
    "2.3.15-2.3.21.1: ssl = yes, ssl_min_protocol = TLSv1.2, ssl_prefer_server_ciphers = no,"
    f" ssl_cipher_list = {DEFAULT_CIPHERS}, ssl_curve_list empty (OpenSSL's groups),"
    " ssl_options empty (no compression, session tickets on)",
)
SSL_2_4 = _at(
    "2.4.4",
    "src/lib-ssl-iostream/ssl-settings.c",
    "2.4.0-2.4.4: ssl = yes, ssl_min_protocol = TLSv1.2, ssl_server_prefer_ciphers = client,"
    f" ssl_cipher_list = {DEFAULT_CIPHERS}, ssl_curve_list empty (OpenSSL's groups),"
    " ssl_options empty (no compression, session tickets on)",
)
LOGIN_2_3 = _at(
    "2.3.21.1",
    "src/login-common/login-settings.c",
    "2.3.0-2.3.21.1 login: disable_plaintext_auth = yes, so no plaintext authentication"
    " before TLS; ssl = required refuses every authentication before TLS"
    " (client-common-auth.c); a client whose IP is the server's own, or in"
    " login_trusted_networks, counts as secured",
)
LOGIN_2_4 = _at(
    "2.4.4",
    "src/login-common/login-settings.c",
    "2.4.0-2.4.4 login: auth_allow_cleartext = no, so no plaintext authentication before"
    " TLS; ssl = required refuses every authentication before TLS; a client whose IP is the"
    " server's own, or in login_trusted_networks, counts as secured",
)
CONTEXT_OPTIONS = _at(
    "2.4.4",
    "src/lib-ssl-iostream/iostream-openssl-context.c",
    "2.3.0-2.4.4: every TLS context sets SSL_OP_NO_SSLv2, and SSL_OP_NO_COMPRESSION unless"
    ' ssl_options has "compression"; SSL_OP_NO_TICKET only with "no_ticket"',
)
PROTOCOLS_2_3 = _at(
    "2.3.21.1",
    "src/master/master-settings.c",
    '2.3: protocols = "imap pop3 lmtp" upstream (Debian 12 empties it in its split-protocols'
    " patch and enables each protocol from /usr/share/dovecot/protocols.d);"
    " imap-login listens on 143 and 993 (ssl = yes), pop3-login on 110 and 995,"
    " submission-login on 587 and 465",
)
PROTOCOLS_2_4 = _at(
    "2.4.4",
    "src/master/master-settings.c",
    "2.4: protocols is empty unless set; imap-login listens on 143 and 993 (ssl = yes),"
    " pop3-login on 110 and 995, submission-login on 587 and 465",
)
# With no DH file, Dovecot installs a tmp_dh callback that returns no parameters
# ("Diffie-Hellman key exchange requested, but no DH parameters provided"): OpenSSL
# may pick a DHE suite, and that handshake then fails, so no DHE suite is negotiated.
NO_DHE_WITHOUT_DH_FILE = DheWithoutParams(
    negotiates_dhe=False,
    builtin_group_bits=None,
    builtin_group=None,
    source=_at(
        "2.4.4",
        "src/lib-ssl-iostream/iostream-openssl-context.c",
        "2.3.0-2.4.4 ssl_proxy_ctx_set_crypto_params: without ssl_dh (2.4: ssl_server_dh_file)"
        " the tmp_dh callback returns no parameters, so a handshake that selects a DHE suite"
        " fails and none is negotiated",
    ),
    assumption="a client that offers only DHE suites gets a failed handshake",
)

_CAN_SET_ALL = {
    "can_set_ciphers": True,
    "can_disable_protocols": True,
    "can_set_dh_params": True,
    "can_set_server_cipher_order": True,
    "can_set_ecdh_curves": True,
}
_COMMON = {
    "default_ciphers": DEFAULT_CIPHERS,
    "default_server_cipher_order": False,
    "default_tls_compression": False,
    "default_cleartext_auth": False,
    "never_offered_protocols": frozenset({"SSLv2"}),
    "dhe_without_params": NO_DHE_WITHOUT_DH_FILE,
}
_BELOW_TLS_1 = frozenset({"SSLv2", "SSLv3"})
_BELOW_TLS_1_2 = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"})

HINTS_2_3 = FixHints(
    require_c2s_tls="ssl = required (or disable_plaintext_auth = yes)",
    disable_protocols="ssl_min_protocol = TLSv1.2",
    server_cipher_order="ssl_prefer_server_ciphers = yes",
    ciphers="ssl_cipher_list = ...",
    certificate="ssl_cert = </etc/ssl/certs/mail.pem and ssl_key = </etc/ssl/private/mail.key",
    dh_params="ssl_dh = </etc/dovecot/dh.pem",
)
HINTS_2_4 = FixHints(
    require_c2s_tls="ssl = required (or auth_allow_cleartext = no)",
    disable_protocols="ssl_min_protocol = TLSv1.2",
    server_cipher_order="ssl_server_prefer_ciphers = server",
    ciphers="ssl_cipher_list = ...",
    certificate="ssl_server_cert_file = /etc/ssl/certs/mail.pem and ssl_server_key_file ="
    " /etc/ssl/private/mail.key",
    dh_params="ssl_server_dh_file = /etc/dovecot/dh.pem",
)


def _row(first: str, last: str, facts: dict[str, Any], hints: FixHints) -> ProfileRow:
    return ProfileRow(
        "dovecot", first, last, "OpenSSL", {**_CAN_SET_ALL, **_COMMON, **facts}, hints
    )


ROWS: tuple[ProfileRow, ...] = (
    _row("2.3.0", "2.3.14", {
        "default_disabled_protocols": _BELOW_TLS_1,
        "sources": (SSL_2_3_0, LOGIN_2_3, CONTEXT_OPTIONS, PROTOCOLS_2_3),
    }, HINTS_2_3),
    _row("2.3.15", "2.3.21.1", {
        "default_disabled_protocols": _BELOW_TLS_1_2,
        "sources": (SSL_2_3_15, LOGIN_2_3, CONTEXT_OPTIONS, PROTOCOLS_2_3),
    }, HINTS_2_3),
    _row("2.4.0", "2.4.4", {
        "default_disabled_protocols": _BELOW_TLS_1_2,
        "sources": (SSL_2_4, LOGIN_2_4, CONTEXT_OPTIONS, PROTOCOLS_2_4),
    }, HINTS_2_4),
)  # fmt: skip
NEWEST = newest_release(ROWS)
NEWEST_2_3 = "2.3.21.1"

# The protocols enabled when the config does not set them, per series.
DEFAULT_PROTOCOLS = {"2.3": ("imap", "pop3", "lmtp"), "2.4": ()}


def dovecot_profile(version: str) -> ServerProfile:
    row = pick_row(version, ROWS)
    if row is None:
        return unknown_profile("dovecot", version, ROWS, outside_table("dovecot", version, ROWS))
    return row.profile(version)
