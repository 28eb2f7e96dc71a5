"""Postfix in the registry: main.cf, read with the master.cf beside it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tls_manifesto.model import ServerConfig
from tls_manifesto.servers.family import (
    ConfigFormat,
    ReadRequest,
    ResolvedKeys,
    ServerFamily,
    config_lines,
)
from tls_manifesto.servers.postfix.profile import ROWS
from tls_manifesto.servers.version_choice import requested_version, with_judged_version

if TYPE_CHECKING:
    from tls_manifesto.keypaths.grammar import KeyPath

KIND = "postfix"


def read_postfix(path: str, text: str, request: ReadRequest) -> ServerConfig:
    from tls_manifesto.servers.postfix.files import read_postfix_files
    from tls_manifesto.servers.postfix.interpret import interpret_postfix

    requested = requested_version(path, "postfix", request.option)
    read = read_postfix_files(path, text)
    config = interpret_postfix(read, path, config_lines(text), requested.version)
    return with_judged_version(config, requested)


def resolve_main_cf_keys(path: str, text: str, keys: Sequence[KeyPath]) -> ResolvedKeys:
    """A key is a parameter name: its lines (continuations too) are shown and marked."""
    from tls_manifesto.keypaths.grammar import KeyPathError
    from tls_manifesto.servers.postfix.main_cf import parse_main_cf

    parameters = parse_main_cf(config_lines(text), path).parameters
    resolved: ResolvedKeys = []
    for key in keys:
        if len(key.segments) != 1 or key.segments[0].selectors:
            raise KeyPathError(f"{key.text}: a main.cf key is one parameter name")
        name = key.segments[0].name
        if name not in parameters:
            raise KeyPathError(f"{name} is not set in this main.cf")
        lines = set(parameters[name].lines)
        resolved.append((lines, lines))
    return resolved


POSTFIX = ServerFamily(
    name="postfix",
    formats=(
        ConfigFormat(
            kind=KIND,
            file_name=re.compile(r"^main\.cf$"),
            shown_name="main.cf",
            content_markers=(
                re.compile(r"^\s*smtpd_(tls|sasl)_[a-z_]+\s*=", re.M),
                re.compile(
                    r"^\s*(myhostname|mydestination|inet_interfaces|smtpd_banner)\s*=", re.M
                ),
            ),
            comment_prefixes=("#",),
            lexer="ini",
            resolve_keys=resolve_main_cf_keys,
        ),
    ),
    profile_rows={"postfix": ROWS},
    read=read_postfix,
    chapter="mail",
)
