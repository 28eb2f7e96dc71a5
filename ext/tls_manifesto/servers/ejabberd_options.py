"""ejabberd's options, read from either config form into one shape.

ejabberd 2.x writes ``{listen, [{5222, ejabberd_c2s, [starttls, ...]}]}.``;
13.12 and later write ``listen: [{port: 5222, module: ejabberd_c2s, ...}]``.
Both become ``EjabberdOptions``: global options and listeners, each value
with every line it was written on, so the interpreter never sees the syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Options whose content the interpreter does not apply: another file, or
# overrides for one host that would need per-host endpoints.
NOT_FOLLOWED = frozenset({"include_config_file", "host_config", "append_host_config"})


@dataclass(frozen=True)
class Opt:
    """An option value (str, int, bool, list, dict, tuple) and the lines that wrote it."""

    value: Any
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Listener:
    port: Opt
    module: str
    options: dict[str, Opt]
    line: int  # where the listener entry starts


@dataclass(frozen=True)
class EjabberdOptions:
    globals: dict[str, Opt]
    listeners: tuple[Listener, ...]
    not_followed: tuple[tuple[int, str], ...] = field(default=())  # (line, what) left unread
    # ejabberd 2.x options keyed by a tuple, e.g. {{s2s_host, "example.net"}, allow}:
    # (s2s_host, "example.net") -> Opt("allow", ...). None of them sets TLS.
    keyed: dict[tuple[Any, ...], Opt] = field(default_factory=dict)
