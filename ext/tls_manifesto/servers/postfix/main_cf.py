"""main.cf -> its parameters, each with the lines that set it.

Postfix reads main.cf as ``name = value`` logical lines (src/util/dict.c
dict_load_fp with split_nameval): the name runs to the first blank or ``=``,
blanks around ``=`` and at the end of the value are dropped, and a line
without ``=`` stops Postfix ("missing '=' after attribute name"). A name
set twice keeps its last value (dict_update warns "overriding earlier
entry"). Values are kept as written; ``$name`` expansion happens when a
service reads them (``expand.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tls_manifesto.model import ConfigError
from tls_manifesto.servers.postfix.logical_lines import LogicalLine, logical_lines


@dataclass(frozen=True)
class Parameter:
    """One ``name = value`` (main.cf) or ``-o name=value`` (master.cf), where it is written."""

    name: str
    value: str
    path: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class MainCf:
    path: str
    parameters: dict[str, Parameter]  # the value in effect: the last one written
    overridden: tuple[Parameter, ...]  # earlier settings of a name written again
    orphan_lines: tuple[int, ...]  # continuation lines with nothing to continue


def split_name_value(text: str) -> tuple[str, str] | str:
    """``(name, value)``, or the message Postfix stops with (split_nameval)."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep:
        return "missing '=' after parameter name (write name = value)"
    if not name:
        return "missing parameter name before '='"
    if any(c.isspace() for c in name):
        return f"{name.split()[0]!r} is followed by text before '=' (write name = value)"
    return name, value.strip()


def parse_main_cf(text_lines: Sequence[str], path: str) -> MainCf:
    logical, orphans = logical_lines(text_lines)
    parameters: dict[str, Parameter] = {}
    overridden: list[Parameter] = []
    for line in logical:
        parameter = _parameter(line, path)
        if parameter.name in parameters:
            overridden.append(parameters.pop(parameter.name))
        parameters[parameter.name] = parameter
    return MainCf(path, parameters, tuple(overridden), tuple(o.line for o in orphans))


def _parameter(line: LogicalLine, path: str) -> Parameter:
    found = split_name_value(line.text)
    if isinstance(found, str):
        raise ConfigError(path, line.first, found)
    name, value = found
    return Parameter(name, value, path, line.lines)
