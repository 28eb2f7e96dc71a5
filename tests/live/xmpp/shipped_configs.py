"""Configs nobody here wrote: Debian's installed ones, one-edit variants of them, and how each runs.

The shipped files are read from the system when the test runs
(/etc/ejabberd/ejabberd.yml, /etc/prosody/prosody.cfg.lua and the
conf.d files it includes); nothing of them is kept in this repository.
A variant is one small edit of the shipped text. Running a config on
127.0.0.1 takes an adaptation that touches only deployment values
(ports, listen address, pid/log/data paths, the throwaway certificate);
``ADAPTATION_NAMES`` says which static verdicts the adaptation may
change, and the test proves that it changes no other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from support.certificates import CertificateFiles

from live.variant_edits import DH1024_FILE, WEAK_CIPHERS, Edit, EditError

EJABBERD_SHIPPED = Path("/etc/ejabberd/ejabberd.yml")
PROSODY_SHIPPED = Path("/etc/prosody/prosody.cfg.lua")
PROSODY_INCLUDES = Path("/etc/prosody/conf.d")


@dataclass(frozen=True)
class ShippedConfig:
    server: str  # "ejabberd" or "prosody"
    name: str  # "debian" or "debian+<edit>"
    what: str  # the edit, for people
    edit: Edit | None

    @property
    def label(self) -> str:
        return f"{self.server}/{self.name}"

    def text(self, shipped: str, dh1024: Path) -> str:
        if self.edit is None:
            return shipped
        if shipped.count(self.edit.old) != 1:
            raise EditError(
                f"{self.label}: expected one {self.edit.old!r} in the shipped config, "
                f"found {shipped.count(self.edit.old)} (update tests/live/xmpp/shipped_configs.py)"
            )
        return shipped.replace(self.edit.old, self.edit.new.replace(DH1024_FILE, str(dh1024)))


def _ejabberd(name: str, what: str, old: str, new: str) -> ShippedConfig:
    return ShippedConfig("ejabberd", f"debian+{name}", what, Edit(old, new))


def _prosody(name: str, what: str, old: str, new: str) -> ShippedConfig:
    return ShippedConfig("prosody", f"debian+{name}", what, Edit(old, new))


C2S_LISTENER = "    access: c2s\n    starttls_required: true\n"
EJABBERD_CONFIGS = (
    ShippedConfig("ejabberd", "debian", "none: Debian 12's file as installed", None),
    _ejabberd("c2s-tls-optional", "`starttls_required: false` on the 5222 listener",
              "starttls_required: true", "starttls_required: false"),
    _ejabberd("s2s-optional", "`s2s_use_starttls: optional`",
              "s2s_use_starttls: required", "s2s_use_starttls: optional"),
    _ejabberd("weak-ciphers-global", f"the `TLS_CIPHERS` macro is `{WEAK_CIPHERS}`",
              '"HIGH:!aNULL:!eNULL:!3DES:@STRENGTH"', f'"{WEAK_CIPHERS}"'),
    _ejabberd("weak-ciphers-listener", f"`ciphers: {WEAK_CIPHERS}` on the 5222 listener",
              C2S_LISTENER, f'{C2S_LISTENER}    ciphers: "{WEAK_CIPHERS}"\n'),
    _ejabberd("host-config-ciphers", f"`host_config: localhost: c2s_ciphers: {WEAK_CIPHERS}`",
              "hosts:\n  - localhost\n",
              f'hosts:\n  - localhost\nhost_config:\n  localhost:\n'
              f'    c2s_ciphers: "{WEAK_CIPHERS}"\n'),
    _ejabberd("dh1024", "`dhfile:` a 1024-bit group (RFC 2409 group 2) on the 5222 listener",
              C2S_LISTENER, f"{C2S_LISTENER}    dhfile: {DH1024_FILE}\n"),
    _ejabberd("tlsv1-plus", "`no_tlsv1` and `no_tlsv1_1` dropped from the `TLS_OPTIONS` macro",
              '    - "no_tlsv1"\n    - "no_tlsv1_1"\n', ""),
    _ejabberd("upper-case-server-preference", '`- "CIPHER_SERVER_PREFERENCE"` in `TLS_OPTIONS`',
              '"cipher_server_preference"', '"CIPHER_SERVER_PREFERENCE"'),
    _ejabberd("upper-case-no-sslv3", '`- "NO_SSLV3"` in `TLS_OPTIONS`', '"no_sslv3"', '"NO_SSLV3"'),
    _ejabberd("no-certificate", "`certfiles` removed",
              'certfiles:\n  - "/etc/ejabberd/ejabberd.pem"\n', ""),
    _ejabberd("s2s-tls-off", "`s2s_use_starttls: false`",
              "s2s_use_starttls: required", "s2s_use_starttls: false"),
)  # fmt: skip

# Prosody 0.12 reads `tls_profile` (Mozilla's modern/intermediate/old sets,
# core/certmanager.lua of 0.12.3 as installed: configmanager.get("*", "tls_profile")).
PROSODY_VHOST = 'VirtualHost "localhost"\n'
PROSODY_GLOBAL = 'certificates = "certs"\n'
PROSODY_CONFIGS = (
    ShippedConfig("prosody", "debian", "none: Debian 12's file as installed", None),
    _prosody("c2s-tls-optional", "`c2s_require_encryption = false`",
             PROSODY_GLOBAL, f"{PROSODY_GLOBAL}c2s_require_encryption = false\n"),
    _prosody("s2s-optional", "`s2s_require_encryption = false` instead of `s2s_secure_auth = true`",
             "s2s_secure_auth = true", "s2s_require_encryption = false"),
    _prosody("weak-ciphers-global", f'`ssl = {{ ciphers = "{WEAK_CIPHERS}" }}` globally',
             PROSODY_GLOBAL, f'{PROSODY_GLOBAL}ssl = {{ ciphers = "{WEAK_CIPHERS}" }}\n'),
    _prosody("weak-ciphers-host", f'`ssl = {{ ciphers = "{WEAK_CIPHERS}" }}` in the VirtualHost',
             PROSODY_VHOST, f'{PROSODY_VHOST}ssl = {{ ciphers = "{WEAK_CIPHERS}" }}\n'),
    _prosody("dh1024", "`ssl = { dhparam = ... }`, a 1024-bit group (RFC 2409 group 2)",
             PROSODY_GLOBAL, f'{PROSODY_GLOBAL}ssl = {{ dhparam = "{DH1024_FILE}" }}\n'),
    _prosody("tls-profile-old", '`tls_profile = "old"`',
             PROSODY_GLOBAL, f'{PROSODY_GLOBAL}tls_profile = "old"\n'),
    _prosody("tlsv1-plus", '`ssl = { protocol = "tlsv1+" }`',
             PROSODY_GLOBAL, f'{PROSODY_GLOBAL}ssl = {{ protocol = "tlsv1+" }}\n'),
    _prosody("c2s-ssl-only", f'`c2s_ssl = {{ ciphers = "{WEAK_CIPHERS}" }}`',
             PROSODY_GLOBAL, f'{PROSODY_GLOBAL}c2s_ssl = {{ ciphers = "{WEAK_CIPHERS}" }}\n'),
    _prosody("s2s-ssl-only", f'`s2s_ssl = {{ ciphers = "{WEAK_CIPHERS}" }}`',
             PROSODY_GLOBAL, f'{PROSODY_GLOBAL}s2s_ssl = {{ ciphers = "{WEAK_CIPHERS}" }}\n'),
    _prosody("server-order", '`ssl = { options = { "cipher_server_preference" } }`',
             PROSODY_GLOBAL,
             f'{PROSODY_GLOBAL}ssl = {{ options = {{ "cipher_server_preference" }} }}\n'),
    _prosody("no-certificate", "`certificates` points at an empty folder",
             PROSODY_GLOBAL, 'certificates = "no-certs"\n'),
)  # fmt: skip
CONFIGS = EJABBERD_CONFIGS + PROSODY_CONFIGS

# What the adaptation may change, and why: Debian ships Prosody's certs/ empty,
# and running it needs a certificate there (the no-certificate variant keeps none).
ADAPTATION_NAMES = {"ejabberd": frozenset(), "prosody": frozenset({"MF009"})}


@dataclass(frozen=True)
class Placement:
    """Where one config runs: its folder, ports by role and the throwaway certificate."""

    folder: Path
    ports: dict[str, int]
    certificate: CertificateFiles


EJABBERD_PORTS = {
    5222: "c2s", 5223: "c2s-direct", 5269: "s2s", 5443: "https", 5280: "http",
    3478: "stun", 1883: "mqtt",
}  # fmt: skip


def adapt_ejabberd(text: str, where: Placement) -> str:
    """Loopback, free ports, the test certificate: nothing else changes."""
    text = re.sub(
        r"^    port: (\d+)$",
        lambda m: f"    port: {where.ports[EJABBERD_PORTS[int(m.group(1))]]}",
        text,
        flags=re.MULTILINE,
    )
    text = text.replace('    ip: "::"\n', '    ip: "127.0.0.1"\n')
    return text.replace("/etc/ejabberd/ejabberd.pem", str(where.certificate.combined))


def adapt_prosody(text: str, where: Placement) -> str:
    """Loopback, free ports, own pid/log/data paths; the certificate goes into certs/."""
    folder, ports = where.folder, where.ports
    # Prepended to the first line, so that no line number moves. Prosody refuses
    # to run as root unless told so (https://prosody.im/doc/root).
    first = (
        f'run_as_root = true; interfaces = {{ "127.0.0.1" }}; c2s_ports = {{ {ports["c2s"]} }}; '
        f's2s_ports = {{ {ports["s2s"]} }}; data_path = "{folder}/data"; '
    )
    text = first + text
    text = re.sub(r'^pidfile = ".*";?$', f'pidfile = "{folder}/prosody.pid";', text, flags=re.M)
    for level, name in (("info", "prosody.log"), ("error", "prosody.err")):
        line = re.compile(rf'^(\t+){level} = ".*";$', flags=re.MULTILINE)
        text = line.sub(rf'\g<1>{level} = "{folder}/{name}";', text)
    return text


SHIPPED = {"ejabberd": EJABBERD_SHIPPED, "prosody": PROSODY_SHIPPED}
ADAPT: dict[str, Callable[[str, Placement], str]] = {
    "ejabberd": adapt_ejabberd,
    "prosody": adapt_prosody,
}
ROLES = {
    "ejabberd": tuple(EJABBERD_PORTS.values()),
    "prosody": ("c2s", "s2s"),
}
