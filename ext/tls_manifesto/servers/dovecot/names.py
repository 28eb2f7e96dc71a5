"""Setting names per Dovecot series: which it knows, and which 2.4 renamed.

Dovecot 2.4 renamed its TLS and authentication settings and refuses the 2.3
names ("Unknown setting"); 2.3 refuses the 2.4 names the same way. The
renames were checked against both tags' setting definitions
(``known_settings_2_3``/``_2_4``: each old name is absent from 2.4.4, each new
one from 2.3.19.1) and are listed in Dovecot's upgrade notes.
"""

from __future__ import annotations

import re

from tls_manifesto.model import Source
from tls_manifesto.servers.dovecot import known_settings_2_3, known_settings_2_4

UPGRADE_NOTES = Source(
    "Upgrading Dovecot CE from 2.3 to 2.4: settings renamed (ssl_cert -> ssl_server_cert_file,"
    " disable_plaintext_auth -> auth_allow_cleartext, ...); 2.3 settings do not work in 2.4",
    "https://doc.dovecot.org/2.4.0/installation/upgrade/2.3-to-2.4.html",
)

# 2.3 name -> 2.4 name (and how its value changes, where it does).
RENAMED_IN_2_4: dict[str, str] = {
    "ssl_cert": "ssl_server_cert_file (a path, without '<')",
    "ssl_key": "ssl_server_key_file (a path, without '<')",
    "ssl_alt_cert": "ssl_server_alt_cert_file",
    "ssl_alt_key": "ssl_server_alt_key_file",
    "ssl_key_password": "ssl_server_key_password",
    "ssl_dh": "ssl_server_dh_file (a path, without '<')",
    "ssl_ca": "ssl_server_ca_file",
    "ssl_cert_username_field": "ssl_server_cert_username_field",
    "ssl_prefer_server_ciphers": "ssl_server_prefer_ciphers = server",
    "ssl_require_crl": "ssl_server_require_crl",
    "ssl_verify_client_cert": "ssl_server_request_client_cert",
    "ssl_client_cert": "ssl_client_cert_file",
    "ssl_client_key": "ssl_client_key_file",
    "disable_plaintext_auth": "auth_allow_cleartext (inverted: yes becomes no)",
    "verbose_ssl": "log_debug = category=ssl",
}
RENAMED_FROM_2_3: dict[str, str] = {
    new.split(" ")[0]: old
    for old, new in RENAMED_IN_2_4.items()
    if new.split(" ")[0] != "log_debug"
}

# Sections whose settings apply to some connections only (config-parser.c
# config_filter_add_new_filter): the settings in them are filters over the top level.
FILTERS = ("protocol", "local", "remote", "local_name")
# The login services that accept the clients this checker judges, by protocol.
LOGIN_SERVICES = {"imap-login": "imap", "pop3-login": "pop3", "submission-login": "submission"}
# What an inet_listener block of a login service sets (service-settings.c).
LISTENER_SETTINGS = frozenset({"port", "address", "ssl", "haproxy", "reuse_port", "type"})

_TLS_LOOKING = re.compile(r"^(ssl|tls)|_(ssl|tls)(_|$)|cleartext|plaintext|starttls", re.I)


def series(version: str | None) -> str:
    """ "2.4" for 2.4 and later (and an unknown version), else "2.3"."""
    from tls_manifesto.servers.versions import at_least

    return "2.4" if at_least(version, "2.4") else "2.3"


def is_known(name: str, in_series: str) -> bool:
    return name in (known_settings_2_4 if in_series == "2.4" else known_settings_2_3).NAMES


def looks_tls_related(name: str) -> bool:
    """ssl_*, *_tls_*, the cleartext-auth switches: an unknown one may hide a TLS value."""
    return bool(_TLS_LOOKING.search(name)) or name in RENAMED_IN_2_4


def rename_hint(name: str, in_series: str) -> str | None:
    """What to write instead of ``name`` in ``in_series``, when it is the other series' name."""
    if in_series == "2.4" and name in RENAMED_IN_2_4:
        return f"{name} is the Dovecot 2.3 name: 2.4 refuses it; use {RENAMED_IN_2_4[name]}"
    if in_series == "2.3" and name in RENAMED_FROM_2_3:
        return f"{name} is the Dovecot 2.4 name: 2.3 refuses it; use {RENAMED_FROM_2_3[name]}"
    if in_series == "2.3" and name == "dovecot_config_version":
        return "dovecot_config_version is a Dovecot 2.4 setting: 2.3 refuses it"
    return None
