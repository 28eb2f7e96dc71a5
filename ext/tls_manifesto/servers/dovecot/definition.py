"""Dovecot in the registry: dovecot.conf and the conf.d files it includes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tls_manifesto.model import Evidence, ReadIssue, ServerConfig, VersionOrigin
from tls_manifesto.reading.config_files import UNSEEN
from tls_manifesto.servers.dovecot.profile import NEWEST, NEWEST_2_3, ROWS
from tls_manifesto.servers.family import ConfigFormat, ReadRequest, ResolvedKeys, ServerFamily
from tls_manifesto.servers.version_choice import (
    RequestedVersion,
    requested_version,
    with_judged_version,
)

if TYPE_CHECKING:
    from tls_manifesto.keypaths.grammar import KeyPath

KIND = "dovecot"


def read_dovecot(path: str, text: str, request: ReadRequest) -> ServerConfig:
    from tls_manifesto.servers.dovecot.files import read_dovecot_files
    from tls_manifesto.servers.dovecot.interpret import interpret_dovecot
    from tls_manifesto.servers.dovecot.names import series
    from tls_manifesto.servers.dovecot.scopes import read_scopes
    from tls_manifesto.servers.dovecot.tree import build_tree

    read = read_dovecot_files(path, text)
    root = build_tree(path, read.statements)
    first = next((s for s in read.statements if s.kind == "setting"), None)
    declares_2_4 = first is not None and first.key == "dovecot_config_version"
    requested = _requested(path, request, declares_2_4)
    version = requested.version or NEWEST
    in_series = series(version)
    scopes = read_scopes(root, in_series, version, read.files)
    issues = list(read.issues)
    if in_series == "2.4" and not declares_2_4:
        issues.append(_no_config_version(path, read.files, first))
    config = interpret_dovecot(scopes, path, version, in_series, read.files, tuple(issues))
    return with_judged_version(config, requested)


def _requested(path: str, request: ReadRequest, declares_2_4: bool) -> RequestedVersion:
    """The version asked for; with none, the config's own syntax says which series it is.

    Dovecot 2.4 refuses a config whose first setting is not dovecot_config_version
    (config-parser.c, 2.4.0), and 2.3 refuses that setting: so a config without it is
    a 2.3 config, judged as the newest 2.3 release known.
    """
    requested = requested_version(path, "dovecot", request.option)
    if requested.version is not None:
        return requested
    if declares_2_4:
        detail = f"{requested.detail}; dovecot_config_version set, so the newest release known"
        return RequestedVersion(NEWEST, VersionOrigin.ASSUMED, detail)
    detail = (
        f"{requested.detail}; no dovecot_config_version, which 2.4 requires as the first "
        "setting, so the newest 2.3 release known"
    )
    return RequestedVersion(NEWEST_2_3, VersionOrigin.ASSUMED, detail)


def _no_config_version(path: str, files: dict[str, tuple[str, ...]], first: object) -> ReadIssue:
    line = getattr(first, "line", 1) if first is not None else 1
    where = getattr(first, "path", path) if first is not None else path
    text = files.get(where, ())
    quoted = text[line - 1].rstrip() if 0 < line <= len(text) else ""
    return ReadIssue(
        Evidence(where, line, quoted),
        "Dovecot 2.4 refuses a config whose first setting is not dovecot_config_version "
        f"(a 2.3 config? name the version with --server-version dovecot=2.3): {UNSEEN}",
        blocks_pass=True,
    )


def resolve_keys(path: str, text: str, keys: Sequence[KeyPath]) -> ResolvedKeys:
    from tls_manifesto.servers.dovecot.keys import resolve_dovecot_keys

    return resolve_dovecot_keys(path, text, keys)


DOVECOT = ServerFamily(
    name="dovecot",
    formats=(
        ConfigFormat(
            kind=KIND,
            file_name=re.compile(r"^dovecot.*\.conf$"),
            shown_name="dovecot*.conf",
            content_markers=(
                re.compile(r"^\s*!include(_try)?\s", re.M),
                re.compile(r"^\s*(ssl_cert|ssl_key|ssl_dh|ssl_server_\w+)\s*=", re.M),
                re.compile(r"^\s*(disable_plaintext_auth|auth_allow_cleartext)\s*=", re.M),
                re.compile(r"^\s*dovecot_config_version\s*=", re.M),
                re.compile(r"^\s*service\s+(imap|pop3|submission)-login\s*\{", re.M),
                re.compile(r"^\s*protocol\s+(imap|pop3|lmtp|lda|sieve|submission)\s*\{", re.M),
            ),
            comment_prefixes=("#",),
            lexer="ini",
            resolve_keys=resolve_keys,
        ),
    ),
    profile_rows={"dovecot": ROWS},
    read=read_dovecot,
    chapter="mail",
)
