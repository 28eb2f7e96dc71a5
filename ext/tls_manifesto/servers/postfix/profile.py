"""Postfix's TLS facts per release range, each with its source (file and tag).

smtpd's defaults live in src/global/mail_params.h (DEF_*), its TLS setup in
src/tls/tls_server.c, tls_misc.c and tls_dh.c (github.com/vdukhovni/postfix,
tags vX.Y.Z). The rows follow what changed: 3.6.0 wrote the protocol
default as ">=TLSv1" (the same versions as "!SSLv2, !SSLv3"); 3.7.0 hands
DH group choice to OpenSSL 3 (SSL_CTX_set_dh_auto) when no DH file is set;
3.8.0 strips deprecated ciphers (3DES, RC4, SEED, IDEA, ...) from the
cipher grades. In every release smtpd offers no TLS unless
smtpd_tls_security_level (or the older smtpd_use_tls) says so, allows AUTH
before STARTTLS (smtpd_tls_auth_only = no), lets the client's cipher order
win (tls_preempt_cipherlist = no), and lowers OpenSSL's security level to 0
(tls_server.c), so what the config enables is served even where Debian's
OpenSSL would refuse it (TLS 1.0, 1024-bit DH).
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

_REPO = "https://github.com/vdukhovni/postfix/blob"


def _at(tag: str, path: str) -> str:
    return f"{_REPO}/v{tag}/postfix/{path}"


def _mail_params(tag: str, span: str, protocols: str, medium: str) -> Source:
    return Source(
        f"Postfix {span} src/global/mail_params.h (tag v{tag}): smtpd_tls_security_level ="
        f' "" (no TLS), smtpd_tls_auth_only = no, smtpd_tls_protocols and'
        f' smtpd_tls_mandatory_protocols = "{protocols}", smtpd_tls_ciphers and'
        f' smtpd_tls_mandatory_ciphers = medium, tls_medium_cipherlist = "{medium}",'
        ' tls_preempt_cipherlist = no, smtpd_tls_dh1024_param_file = "",'
        ' smtpd_sasl_auth_enable = no, tls_ssl_options = ""',
        _at(tag, "src/global/mail_params.h"),
    )


MEDIUM_3_5 = "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH"
# 3.8.0 and later: TLS_EXCL appended to the grades (mail_params.h).
MEDIUM_3_8 = (
    "aNULL:-aNULL:HIGH:MEDIUM:!SEED:!IDEA:!3DES:!RC2:!RC4:!RC5:!kDH:!kECDH:!aDSS:!MD5"
    ":+RC4:@STRENGTH"
)
HIGH_3_5 = "aNULL:-aNULL:HIGH:@STRENGTH"
HIGH_3_8 = "aNULL:-aNULL:HIGH:!SEED:!IDEA:!3DES:!RC2:!RC4:!RC5:!kDH:!kECDH:!aDSS:!MD5:@STRENGTH"

MAIL_PARAMS_3_5 = _mail_params("3.5.27", "3.5.0-3.5.27", "!SSLv2, !SSLv3", MEDIUM_3_5)
MAIL_PARAMS_3_6 = _mail_params("3.6.20", "3.6.0-3.6.20", ">=TLSv1", MEDIUM_3_5)
MAIL_PARAMS_3_7 = _mail_params("3.7.22", "3.7.0-3.7.22", ">=TLSv1", MEDIUM_3_5)
MAIL_PARAMS_3_8 = _mail_params("3.11.6", "3.8.0-3.11.6", ">=TLSv1", MEDIUM_3_8)
RELEASE_NOTES_3_6 = Source(
    'Postfix 3.6.0 proto/postconf.proto (postconf(5)), smtpd_tls_protocols: "Starting with'
    ' Postfix 3.6, the default value is >=TLSv1"; the >=version and <=version forms are new'
    ' in 3.6, older releases take only the "!" exclusion syntax',
    _at("3.6.0", "proto/postconf.proto"),
)
SMTPD_LEVELS = Source(
    "Postfix 3.5-3.11 src/smtpd/smtpd.c pre_jail_init: smtpd_tls_security_level may offers"
    " STARTTLS, encrypt (and verify, secure, fingerprint) requires it; smtpd_tls_wrappermode"
    " and encrypt imply smtpd_tls_auth_only; at encrypt the mandatory protocols, ciphers and"
    " exclusions apply, else the opportunistic ones",
    _at("3.7.11", "src/smtpd/smtpd.c"),
)
SECURITY_LEVEL_0 = Source(
    "Postfix 3.5-3.11 src/tls/tls_server.c tls_server_init: SSL_CTX_set_security_level(ctx,"
    ' 0) "backwards compatible security as a base for opportunistic TLS", so OpenSSL\'s'
    " security level (2 on Debian 12) refuses nothing the config enables: TLS 1.0 and"
    " 1024-bit DH are served (measured on Debian 12)",
    _at("3.7.11", "src/tls/tls_server.c"),
)
NO_COMPRESSION = Source(
    "Postfix 3.5-3.11 sets no compression option (tls_ssl_options empty, tls_misc.c"
    " tls_bug_bits); OpenSSL 1.1.0 and later build without TLS compression by default,"
    " and tls_ssl_options = NO_COMPRESSION makes it explicit",
    _at("3.7.11", "src/tls/tls_misc.c"),
)
SESSION_TICKETS = Source(
    "Postfix 3.5-3.11 src/tls/tls_server.c: session tickets with keys tlsmgr rotates, on"
    " unless smtpd_tls_session_cache_timeout = 0 (SSL_OP_NO_TICKET)",
    _at("3.7.11", "src/tls/tls_server.c"),
)
BUILTIN_2048 = DheWithoutParams(
    negotiates_dhe=True,
    builtin_group_bits=2048,
    builtin_group="Postfix's compiled-in 2048-bit group (src/tls/tls_dh.c dh2048_der)",
    source=Source(
        "Postfix 3.5-3.6 src/tls/tls_server.c sets tls_tmp_dh_cb, which hands non-export"
        " DHE the compiled-in 2048-bit group of src/tls/tls_dh.c (dh2048_der) unless"
        " smtpd_tls_dh1024_param_file names a file",
        _at("3.6.20", "src/tls/tls_dh.c"),
    ),
    group_key="postfix-3.1-2048",
)
DH_AUTO = DheWithoutParams(
    negotiates_dhe=True,
    builtin_group_bits=2048,
    builtin_group="the 2048-bit MODP group of RFC 3526, OpenSSL 3's choice for a 2048-bit"
    " RSA certificate",
    source=Source(
        "Postfix 3.7.0-3.11.6 src/tls/tls_dh.c tls_tmp_dh(ctx, 1): with OpenSSL 3 and no"
        ' smtpd_tls_dh1024_param_file (or "auto"), SSL_CTX_set_dh_auto(ctx, 1) lets OpenSSL'
        " size the group to the certificate; OpenSSL 3.0 (Debian 12) then sends the 2048-bit"
        " group of RFC 3526 for a 2048-bit RSA key (measured with its s_server and dh_auto)",
        _at("3.7.11", "src/tls/tls_dh.c"),
    ),
    group_key="rfc3526-2048",
    sized_by_openssl=True,
    assumption="assumed built with OpenSSL 3 (as Debian 12 ships it) and a 2048-bit RSA"
    " certificate; with OpenSSL 1.1.1 it uses its compiled-in 2048-bit group instead",
)

_BELOW_TLS_1 = frozenset({"SSLv2", "SSLv3"})
_CAPABILITIES = {
    "can_set_ciphers": True,
    "can_disable_protocols": True,
    "can_set_dh_params": True,
    "can_set_server_cipher_order": True,
    "can_set_ecdh_curves": True,
}


def postfix_hints(protocols: str) -> FixHints:
    return FixHints(
        require_c2s_tls="smtpd_tls_security_level = encrypt (submission, -o in master.cf) or"
        " smtpd_tls_wrappermode = yes (submissions)",
        disable_protocols=f"smtpd_tls_protocols = {protocols} and"
        f" smtpd_tls_mandatory_protocols = {protocols}",
        server_cipher_order="tls_preempt_cipherlist = yes",
        ciphers="smtpd_tls_ciphers = high, smtpd_tls_mandatory_ciphers = high and"
        " tls_high_cipherlist = <forward-secret AEAD suites>",
        certificate="smtpd_tls_chain_files = /etc/ssl/private/key.pem, /etc/ssl/certs/chain.pem"
        " (or smtpd_tls_cert_file and smtpd_tls_key_file)",
        dh_params="smtpd_tls_dh1024_param_file = /etc/postfix/dh2048.pem (a 2048-bit or larger"
        " file, despite the name)",
    )


HINTS_3_5 = postfix_hints("!SSLv2, !SSLv3, !TLSv1, !TLSv1.1")
HINTS_3_6 = postfix_hints(">=TLSv1.2")


def _row(first: str, last: str, library: str, facts: dict[str, Any], hints: FixHints) -> ProfileRow:
    common = {
        **_CAPABILITIES,
        "default_disabled_protocols": _BELOW_TLS_1,
        "default_server_cipher_order": False,
        "default_tls_compression": False,
        "default_cleartext_auth": True,
        "default_tls_required": frozenset(),
    }
    return ProfileRow("postfix", first, last, library, {**common, **facts}, hints)


_COMMON_SOURCES = (SMTPD_LEVELS, SECURITY_LEVEL_0, NO_COMPRESSION, SESSION_TICKETS)
ROWS: tuple[ProfileRow, ...] = (
    _row("3.5.0", "3.5.27", "OpenSSL 1.1.1 (Debian 11)", {
        "default_ciphers": MEDIUM_3_5,
        "dhe_without_params": BUILTIN_2048,
        "sources": (MAIL_PARAMS_3_5, *_COMMON_SOURCES, BUILTIN_2048.source),
    }, HINTS_3_5),
    _row("3.6.0", "3.6.20", "OpenSSL 1.1.1", {
        "default_ciphers": MEDIUM_3_5,
        "dhe_without_params": BUILTIN_2048,
        "sources": (MAIL_PARAMS_3_6, RELEASE_NOTES_3_6, *_COMMON_SOURCES, BUILTIN_2048.source),
    }, HINTS_3_6),
    _row("3.7.0", "3.7.22", "OpenSSL 3.0 (Debian 12)", {
        "default_ciphers": MEDIUM_3_5,
        "dhe_without_params": DH_AUTO,
        "sources": (MAIL_PARAMS_3_7, RELEASE_NOTES_3_6, *_COMMON_SOURCES, DH_AUTO.source),
    }, HINTS_3_6),
    _row("3.8.0", "3.11.6", "OpenSSL 3", {
        "default_ciphers": MEDIUM_3_8,
        "dhe_without_params": DH_AUTO,
        "sources": (MAIL_PARAMS_3_8, RELEASE_NOTES_3_6, *_COMMON_SOURCES, DH_AUTO.source),
    }, HINTS_3_6),
)  # fmt: skip
NEWEST = newest_release(ROWS)

# The cipher grade lists by release (mail_params.h DEF_TLS_*_CLIST); low and export are
# empty from 3.8 on (ignored), null keeps eNULL.
GRADE_LISTS: dict[str, dict[str, str]] = {
    "3.5": {"high": HIGH_3_5, "medium": MEDIUM_3_5,
            "low": "aNULL:-aNULL:HIGH:MEDIUM:LOW:+RC4:@STRENGTH",
            "export": "aNULL:-aNULL:HIGH:MEDIUM:LOW:EXPORT:+RC4:@STRENGTH",
            "null": "eNULL:!aNULL"},
    "3.8": {"high": HIGH_3_8, "medium": MEDIUM_3_8, "low": "", "export": "",
            "null": "eNULL:!kDH:!kECDH:!aDSS:!MD5:!aNULL"},
}  # fmt: skip


def grade_lists(version: str | None) -> dict[str, str] | None:
    """The tls_<grade>_cipherlist defaults of ``version``'s row; None outside the table."""
    row = pick_row(version or NEWEST, ROWS)
    if row is None:
        return None
    return GRADE_LISTS["3.8"] if row.first == "3.8.0" else GRADE_LISTS["3.5"]


def has_version_bounds(version: str | None) -> bool:
    """Whether ``>=TLSv1.2`` and ``<=`` are understood: Postfix 3.6 and later (tls_misc.c)."""
    row = pick_row(version or NEWEST, ROWS)
    return row is None or row.first != "3.5.0"


def postfix_profile(version: str | None) -> ServerProfile:
    """The facts for ``version``; None means the newest release the table knows."""
    version = version or NEWEST
    row = pick_row(version, ROWS)
    if row is None:
        return unknown_profile("postfix", version, ROWS, outside_table("postfix", version, ROWS))
    return row.profile(version)
