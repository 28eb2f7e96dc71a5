"""ejabberd in the registry: ejabberd.yml (13.12 and later) and ejabberd.cfg (2.x, Erlang terms)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hardening_guide_tools.config_text import split_lines

from tls_manifesto.model import ConfigKind, ServerConfig, VersionOrigin
from tls_manifesto.servers.ejabberd.profile import ROWS
from tls_manifesto.servers.family import (
    ConfigFormat,
    ReadRequest,
    ResolvedKeys,
    ServerFamily,
    config_lines,
)
from tls_manifesto.servers.version_choice import requested_version, with_judged_version

if TYPE_CHECKING:
    from tls_manifesto.keypaths.grammar import KeyPath

_ERLANG_FORMAT_SERIES = "2.1"  # the newest ejabberd series whose own format is Erlang terms


def read_ejabberd(path: str, text: str, request: ReadRequest) -> ServerConfig:
    requested = requested_version(path, "ejabberd", request.option)
    # Each format's reader is imported when a config of that format is read:
    # ruamel.yaml takes about 40 ms to import, and a check of an ircd.conf needs none.
    if request.kind == ConfigKind.EJABBERD_ERLANG:
        from tls_manifesto.servers.ejabberd.erlang_options import read_erlang_config

        if requested.origin is VersionOrigin.ASSUMED:
            # ejabberd.cfg in Erlang terms is ejabberd 2.x's format (13.12 and later
            # write ejabberd.yml): judging it by the newest release's defaults would
            # credit it with TLS defaults no 2.x server had.
            requested = dataclasses.replace(
                requested,
                version=_ERLANG_FORMAT_SERIES,
                detail=f"{requested.detail}, and Erlang terms are ejabberd 2.x's format,"
                f" so the newest {_ERLANG_FORMAT_SERIES} release known",
            )
        options = read_erlang_config(path, text)
    else:
        from tls_manifesto.servers.ejabberd.yaml_options import read_yaml_config

        options = read_yaml_config(path, text, requested.version)
    # Local import: the interpreter pulls in the whole ejabberd model, which
    # detection (this module's only other user) does not need.
    from tls_manifesto.servers.ejabberd.interpret import interpret_ejabberd

    kind = ConfigKind(request.kind)
    config = interpret_ejabberd(options, path, config_lines(text), kind, requested.version)
    return with_judged_version(config, requested)


def resolve_yaml_keys(path: str, text: str, keys: Sequence[KeyPath]) -> ResolvedKeys:
    from tls_manifesto.keypaths.yaml_keys import resolve_yaml
    from tls_manifesto.parsers.yaml_config import parse_yaml

    tree = parse_yaml(text, path)
    lines = list(split_lines(text))
    return [resolve_yaml(tree, lines, key) for key in keys]


EJABBERD = ServerFamily(
    name="ejabberd",
    formats=(
        ConfigFormat(
            kind=ConfigKind.EJABBERD_YAML,
            file_name=re.compile(r"^ejabberd.*\.ya?ml$"),
            shown_name="ejabberd*.yml",
            content_markers=(
                re.compile(r"^\s*(listen|hosts|loglevel|certfiles|acl|access_rules)\s*:", re.M),
            ),
            comment_prefixes=("#",),
            lexer="yaml",
            resolve_keys=resolve_yaml_keys,
        ),
        ConfigFormat(
            kind=ConfigKind.EJABBERD_ERLANG,
            # ejabberdctl.cfg is a shell script for the control tool, not a server config.
            file_name=re.compile(r"^ejabberd(?!ctl).*\.cfg$"),
            shown_name="ejabberd*.cfg",
            content_markers=(
                re.compile(r"^\s*\{\s*(listen|hosts|loglevel|acl|access|modules)\s*,", re.M),
            ),
            comment_prefixes=("%",),
            lexer="erlang",
        ),
    ),
    profile_rows={"ejabberd": ROWS},
    read=read_ejabberd,
)
