"""ejabberd's options, read from either config form into one shape.

ejabberd 2.x writes ``{listen, [{5222, ejabberd_c2s, [starttls, ...]}]}.``;
13.12 and later write ``listen: [{port: 5222, module: ejabberd_c2s, ...}]``.
Both become ``EjabberdOptions``: global options, listeners and per-host
overrides, each value with every line it was written on (``At``: file and
line, since a value may come from an included file), so the interpreter
never sees the syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tls_manifesto.model import ReadIssue
from tls_manifesto.servers.evidence import At

# Per-host sections: ejabberd 23.01 src/ejabberd_config.erl set_host_config/1 puts
# host_config options in place of the global ones for that host, and appends
# append_host_config lists to the host's (else the global) list.
HOST_SECTIONS = frozenset({"host_config", "append_host_config"})


@dataclass(frozen=True)
class Opt:
    """An option value (str, int, bool, list, dict, tuple) and the lines that wrote it."""

    value: Any
    lines: tuple[At, ...]
    # Erlang form only: written as the bare atom (starttls_required), not {name, Value};
    # ejabberd up to 13.06 honours a listener flag only in that form.
    bare: bool = False


@dataclass(frozen=True)
class Listener:
    port: Opt
    module: str
    options: dict[str, Opt]
    line: At  # where the listener entry starts


@dataclass(frozen=True)
class HostOptions:
    """The options one host_config (or append_host_config) entry sets for one host."""

    host: str
    line: At  # the host's key (YAML) or the host_config term (Erlang)
    options: dict[str, Opt]
    append: bool = False  # append_host_config: lists are added to the inherited list


@dataclass(frozen=True)
class EjabberdOptions:
    globals: dict[str, Opt]
    listeners: tuple[Listener, ...]
    hosts: tuple[HostOptions, ...] = ()
    # ejabberd 2.x options keyed by a tuple, e.g. {{s2s_host, "example.net"}, allow}:
    # (s2s_host, "example.net") -> Opt("allow", ...). None of them sets TLS.
    keyed: dict[tuple[Any, ...], Opt] = field(default_factory=dict)
    # Every file read, main file first, with its lines; what could not be read.
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    issues: tuple[ReadIssue, ...] = ()
