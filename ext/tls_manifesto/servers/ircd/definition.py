"""Charybdis and Solanum in the registry: one format, ircd.conf, read by two servers."""

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
from tls_manifesto.servers.ircd import charybdis_profile, solanum_profile
from tls_manifesto.servers.version_choice import requested_version, with_judged_version

if TYPE_CHECKING:
    from tls_manifesto.keypaths.grammar import KeyPath


def read_ircd(path: str, text: str, request: ReadRequest) -> ServerConfig:
    from tls_manifesto.servers.ircd.family import choose_family
    from tls_manifesto.servers.ircd.files import read_ircd_files
    from tls_manifesto.servers.ircd.interpret import interpret_charybdis

    ircd = read_ircd_files(path, text)
    choice = choose_family(path, ircd.conf, request.server)
    requested = requested_version(path, choice.family, request.option)
    config = interpret_charybdis(
        ircd.conf, path, config_lines(text), requested.version, choice.family, ircd.files,
        ircd.issues,
    )  # fmt: skip
    return with_judged_version(config, requested, f"family {choice.family} ({choice.reason})")


def resolve_ircd_keys(path: str, text: str, keys: Sequence[KeyPath]) -> ResolvedKeys:
    from tls_manifesto.keypaths.ircd_keys import resolve_ircd
    from tls_manifesto.parsers.ircd_conf import parse_ircd_conf

    conf = parse_ircd_conf(text, path)
    return [resolve_ircd(conf, key) for key in keys]


IRCD = ServerFamily(
    name="ircd",
    formats=(
        ConfigFormat(
            kind=ConfigKind.IRCD,
            file_name=re.compile(r"^ircd.*\.conf$"),
            shown_name="ircd*.conf",
            content_markers=(
                re.compile(
                    r"^\s*(serverinfo|listen|auth|connect|operator)\s*(\"[^\"]*\"\s*)?\{", re.M
                ),
            ),
            comment_prefixes=("#", "/*", "*"),
            lexer="ircd",
            resolve_keys=resolve_ircd_keys,
        ),
    ),
    profile_rows={"charybdis": charybdis_profile.ROWS, "solanum": solanum_profile.ROWS},
    read=read_ircd,
)
