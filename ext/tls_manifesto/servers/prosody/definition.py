"""Prosody in the registry: prosody.cfg.lua and the host files it includes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tls_manifesto.model import ConfigKind, ServerConfig
from tls_manifesto.servers.family import (
    ConfigFormat,
    ReadRequest,
    ResolvedKeys,
    ServerFamily,
    config_lines,
)
from tls_manifesto.servers.prosody.profile import ROWS
from tls_manifesto.servers.version_choice import requested_version, with_judged_version

if TYPE_CHECKING:
    from tls_manifesto.keypaths.grammar import KeyPath


def read_prosody(path: str, text: str, request: ReadRequest) -> ServerConfig:
    # Imported when a Prosody config is read: luaparser (with ANTLR) takes about
    # 90 ms to import, and a check of an ejabberd.yml needs none of it.
    from tls_manifesto.servers.prosody.files import read_prosody_files
    from tls_manifesto.servers.prosody.interpret import interpret_prosody

    requested = requested_version(path, "prosody", request.option)
    read = read_prosody_files(path, text)
    config = interpret_prosody(
        read.config, path, config_lines(text), requested.version, read.files, read.issues
    )
    return with_judged_version(config, requested)


def resolve_lua_keys(path: str, text: str, keys: Sequence[KeyPath]) -> ResolvedKeys:
    from tls_manifesto.keypaths.lua_keys import resolve_lua
    from tls_manifesto.parsers.lua_config import parse_prosody_config

    config = parse_prosody_config(text, path)
    return [resolve_lua(config, key) for key in keys]


PROSODY = ServerFamily(
    name="prosody",
    formats=(
        ConfigFormat(
            kind=ConfigKind.PROSODY,
            file_name=re.compile(r"^prosody.*\.cfg\.lua$|\.cfg\.lua$"),
            shown_name="*.cfg.lua",
            content_markers=(
                re.compile(r"^\s*(VirtualHost|Component)\s+[\"']", re.M),
                re.compile(r"^\s*(modules_enabled|c2s_require_encryption)\s*=", re.M),
            ),
            comment_prefixes=("--",),
            lexer="lua",
            resolve_keys=resolve_lua_keys,
        ),
    ),
    profile_rows={"prosody": ROWS},
    read=read_prosody,
)
