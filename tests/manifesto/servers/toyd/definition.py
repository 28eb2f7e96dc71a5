"""The toyd family: its one format, its profile rows, its reader and its :keys: resolver."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tls_manifesto.keypaths.grammar import KeyPath, KeyPathError
from tls_manifesto.model import ConfigError, Endpoint, Evidence, ServerConfig, Setting
from tls_manifesto.servers.family import (
    ConfigFormat,
    ReadRequest,
    ResolvedKeys,
    ServerFamily,
    config_lines,
)
from tls_manifesto.servers.profile_table import ProfileRow, pick_row
from tls_manifesto.servers.version_choice import requested_version, with_judged_version

KIND = "toyd-conf"
ROWS = (
    ProfileRow(
        "toyd",
        "1.0",
        "1.4",
        "OpenSSL 3",
        {
            "can_set_ciphers": True,
            "can_disable_protocols": False,
            "can_set_dh_params": False,
            "can_set_server_cipher_order": False,
            "can_set_ecdh_curves": False,
            "default_ciphers": "ECDHE-RSA-AES256-GCM-SHA384",
            "default_disabled_protocols": frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"}),
            "default_server_cipher_order": True,
        },
    ),
)


def _settings(path: str, lines: Sequence[str]) -> dict[str, tuple[str, int]]:
    """Each key's value and line; a line that is no ``key = value`` is a ConfigError."""
    found: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, equals, value = line.partition("=")
        if not equals:
            raise ConfigError(path, number, "expected key = value")
        found[key.strip()] = (value.strip(), number)
    return found


def read_toyd(path: str, text: str, request: ReadRequest) -> ServerConfig:
    lines = config_lines(text)
    settings = _settings(path, lines)
    requested = requested_version(path, "toyd", request.option)
    version = requested.version or ROWS[-1].last
    row = pick_row(version, ROWS)
    if row is None:
        raise ConfigError(path, None, f"toyd {version} is not a release this family knows")

    def setting(key: str, value: object) -> Setting:  # type: ignore[type-arg]
        number = settings[key][1]
        return Setting(value, (Evidence(path, number, lines[number - 1]),))

    port, port_line = settings["listen_c2s"]
    endpoint = Endpoint(
        role="c2s",
        name=f"listener {port}",
        evidence=(Evidence(path, port_line, lines[port_line - 1]),),
        port=setting("listen_c2s", int(port)),
        starttls_offered=setting("listen_c2s", True),
        tls_required=setting("require_tls", settings["require_tls"][0] == "yes")
        if "require_tls" in settings
        else None,
        ciphers=setting("ciphers", settings["ciphers"][0]) if "ciphers" in settings else None,
        certificate=setting("certificate", settings["certificate"][0])
        if "certificate" in settings
        else None,
    )
    config = ServerConfig(path, KIND, row.profile(version), (endpoint,), lines=lines)
    return with_judged_version(config, requested)


def resolve_toyd_keys(path: str, text: str, keys: Sequence[KeyPath]) -> ResolvedKeys:
    settings = _settings(path, config_lines(text))
    resolved: ResolvedKeys = []
    for key in keys:
        name = key.segments[0].name
        if name not in settings:
            raise KeyPathError(f"unknown key {name} (toyd.conf has: {', '.join(settings)})")
        line = settings[name][1]
        resolved.append(({line}, {line}))
    return resolved


TOYD = ServerFamily(
    name="toyd",
    formats=(
        ConfigFormat(
            kind=KIND,
            file_name=re.compile(r"^toyd.*\.conf$"),
            shown_name="toyd*.conf",
            content_markers=(re.compile(r"^\s*listen_c2s\s*=", re.M),),
            comment_prefixes=("#",),
            lexer="ini",
            resolve_keys=resolve_toyd_keys,
        ),
    ),
    profile_rows={"toyd": ROWS},
    read=read_toyd,
)
