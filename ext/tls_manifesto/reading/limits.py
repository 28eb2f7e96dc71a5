"""Bounds every reader and parser enforces: a config built to hurt costs a moment.

A real server config nests a few levels (ejabberd listeners: about six);
the limits leave a wide margin while keeping recursive readers (ruamel's
composer, our Erlang reader, luaparser) far from Python's recursion limit,
which would otherwise end in RecursionError instead of a located message.
"""

from __future__ import annotations

from tls_manifesto.model import ConfigError

# Levels of lists, tuples, maps, tables, brackets or Lua blocks inside each other.
MAX_NESTING = 32
# The largest file read (a config or one it includes). Reference configs are
# a few kilobytes; 512 KiB holds about 5,000 ejabberd listeners, and keeps a
# check of the slowest format (Prosody's Lua) to seconds, not minutes.
MAX_CONFIG_BYTES = 512 * 1024


def nesting_error(path: str, line: int) -> ConfigError:
    """``path:line: nesting deeper than N levels``, at the first value past the limit."""
    return ConfigError(
        path, line, f"nesting deeper than {MAX_NESTING} levels (no server config needs that many)"
    )
