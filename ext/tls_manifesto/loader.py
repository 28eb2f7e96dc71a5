"""Load a reference config: read, detect the server, parse, interpret.

``load_config`` is the one entry point the rules, CLI and agreement gate use.
Any unreadable or unparsable input becomes ``ConfigError`` (path and line);
no other exception type leaves this function for bad input.
"""

from __future__ import annotations

from pathlib import Path

from tls_manifesto.config_files import read_text
from tls_manifesto.detect import detect_kind
from tls_manifesto.model import ConfigError, ConfigKind, ServerConfig
from tls_manifesto.parsers.ircd_conf import parse_ircd_conf
from tls_manifesto.parsers.lua_config import parse_prosody_config
from tls_manifesto.servers.charybdis import interpret_charybdis
from tls_manifesto.servers.ejabberd import interpret_ejabberd
from tls_manifesto.servers.ejabberd_erlang import read_erlang_config
from tls_manifesto.servers.ejabberd_yaml import read_yaml_config
from tls_manifesto.servers.prosody import interpret_prosody
from tls_manifesto.servers.versions import version_from_path


def load_config(
    path: str | Path, kind: ConfigKind | None = None, version: str | None = None
) -> ServerConfig:
    """Parse ``path`` into the server-neutral model.

    ``kind`` forces the format (else from the file name, then content);
    ``version`` overrides the version read from the path (a directory like
    ``14.12``); an unknown version gets the newest behaviour.
    """
    shown = str(path)
    text = read_text(shown)
    kind = kind or detect_kind(shown, text)
    version = version or version_from_path(shown)
    lines = tuple(text.splitlines())
    try:
        return _interpret(text, shown, lines, kind, version)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError) as error:
        # A shape no interpreter expected (e.g. a list where a port belongs); still
        # a ConfigError so callers handle one exception type.
        raise ConfigError(
            shown,
            None,
            f"cannot interpret this {kind.value} config ({type(error).__name__}:"
            f" {error}; check the option types against the server's documentation)",
        ) from error


def _interpret(
    text: str, shown: str, lines: tuple[str, ...], kind: ConfigKind, version: str | None
) -> ServerConfig:
    if kind is ConfigKind.EJABBERD_YAML:
        options = read_yaml_config(shown, text, version)
        return interpret_ejabberd(options, shown, lines, kind, version)
    if kind is ConfigKind.EJABBERD_ERLANG:
        options = read_erlang_config(shown, text)
        return interpret_ejabberd(options, shown, lines, kind, version)
    if kind is ConfigKind.PROSODY:
        return interpret_prosody(parse_prosody_config(text, shown), shown, lines, version)
    return interpret_charybdis(parse_ircd_conf(text, shown), shown, lines, version)
