"""Refuse Lua that would send luaparser into deep recursion or slow backtracking.

luaparser reads nesting recursively (about 100 nested tables or 50 nested
functions exhaust Python's recursion limit) and slows down sharply on
chained calls (``f()()()``: 20 in a row take seconds, 60 take twenty).
A quick scan of the tokens finds both first, with the line, before
luaparser sees the text. Strings and comments are skipped so brackets
inside them do not count; anything the scan misreads is left for
luaparser to report.
"""

from __future__ import annotations

import re

from tls_manifesto.model import ConfigError
from tls_manifesto.reading.limits import MAX_NESTING, nesting_error

# ``Component "name" "module"`` is two calls in a row; four leave room.
MAX_CALLS_IN_A_ROW = 4

_TOKEN = re.compile(
    r"""
      (?P<skip>--\[(?P<ceq>=*)\[.*?\](?P=ceq)\]   # long comment
        | --[^\n]*                              # line comment
        | \s+ )
    | (?P<string>\[(?P<seq>=*)\[.*?\](?P=seq)\]  # long string
        | "(?:\\.|[^"\\\n])*"
        | '(?:\\.|[^'\\\n])*' )
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<open>[{(\[])
    | (?P<close>[})\]])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_BLOCK_OPENERS = {"function", "do", "if", "repeat"}
_BLOCK_CLOSERS = {"end", "until"}


def check_lua_shape(text: str, path: str) -> None:
    """Raise ``ConfigError`` at the first place nested or chained past the limits."""
    depth = 0
    line = 1
    calls_in_a_row = [0]  # per depth: extra calls chained onto one expression
    previous = ""  # "call-end" after ')', '}' or a string: a call may follow
    for match in _TOKEN.finditer(text):
        kind, token = match.lastgroup, match.group()  # the outer group: it closes last
        if kind == "skip":
            line += token.count("\n")
            continue
        follows_call = previous == "call-end" and (kind == "string" or token in {"(", "{"})
        calls_in_a_row[-1] = calls_in_a_row[-1] + 1 if follows_call else 0
        if calls_in_a_row[-1] >= MAX_CALLS_IN_A_ROW:
            raise ConfigError(
                path, line, f"more than {MAX_CALLS_IN_A_ROW} calls in a row (f()()...)"
            )
        opens = kind == "open" or (kind == "name" and token in _BLOCK_OPENERS)
        closes = kind == "close" or (kind == "name" and token in _BLOCK_CLOSERS)
        if opens:
            depth += 1
            if depth > MAX_NESTING:
                raise nesting_error(path, line)
            if kind == "open":
                calls_in_a_row.append(0)
        elif closes and depth > 0:
            depth -= 1
            if kind == "close" and len(calls_in_a_row) > 1:
                calls_in_a_row.pop()
        previous = "call-end" if kind == "string" or token in {")", "}"} else ""
        line += token.count("\n")
