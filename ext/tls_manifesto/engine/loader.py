"""Load a reference config: read, detect the server, parse, interpret.

``load_config`` is the one entry point the rules, CLI and agreement gate use.
Any unreadable or unparsable input becomes ``ConfigError`` (path and line):
the parsers and interpreters raise it where they find the problem. Nothing
else is caught here, so a bug in the checker is reported as a bug, never as
"your config is bad".
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tls_manifesto.engine.detect import detect_kind, parse_kind
from tls_manifesto.model import ConfigError, ServerConfig
from tls_manifesto.reading.config_files import read_text
from tls_manifesto.servers import registry
from tls_manifesto.servers.family import ReadRequest
from tls_manifesto.servers.versions import VersionOption
from tls_manifesto.tls.dh_files import with_measured_dh_files


def load_config(
    path: str | Path,
    kind: str | None = None,
    version: str | VersionOption | None = None,
    ircd_family: str | None = None,
) -> ServerConfig:
    """Parse ``path`` into the server-neutral model.

    ``kind`` forces the format (else from the file name, then content);
    ``version`` (``--server-version``) overrides the version read from the
    path (a directory like ``14.12``); without either the newest release the
    profile table knows is judged, and ``judged_version`` says which it was.
    ``ircd_family`` names the server for a format several read (Charybdis or
    Solanum for an ircd.conf).
    """
    shown = str(path)
    text = read_text(shown)
    kind = parse_kind(kind) if kind else detect_kind(shown, text)
    found = registry.family_of_kind(kind)
    assert found is not None  # parse_kind and detect_kind return registered kinds only
    family, _ = found
    option = VersionOption({"*": version}) if isinstance(version, str) else version
    request = ReadRequest(kind, option, ircd_family)
    try:
        config = family.read(shown, text, request)
    except RecursionError:
        # The parsers bound nesting (reading/limits.py); a shape deep in some other way
        # can still exhaust the stack. Any other exception is a bug in the checker,
        # not in the config, and must surface as one.
        raise ConfigError(
            shown, None, f"this {kind} config nests too deeply for the checker to read"
        ) from None
    config = dataclasses.replace(config, chapter=family.chapter)
    return with_measured_dh_files(_with_sources(config))


def _with_sources(config: ServerConfig) -> ServerConfig:
    """A config without includes is its one file."""
    return dataclasses.replace(config, sources=config.sources or (config.path,))
