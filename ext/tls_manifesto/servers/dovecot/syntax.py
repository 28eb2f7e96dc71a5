"""One dovecot.conf file -> its statements, each with the file and line it starts on.

Dovecot reads its config a line at a time (src/config/config-parser.c,
config_parse_line, tags 2.3.19.1 and 2.4.4): ``#`` starts a comment outside
quotes; a line ending in ``\\`` continues on the next; a line is then
``key = value`` (a value of ``<path`` is read from that file, a quoted value is
unquoted), ``!include`` or ``!include_try`` with a path, ``type [name] {``,
or ``}``. Anything else is the server's own error, located here the same way:
"Expecting '{'", "Garbage after '{'". Sections are matched up by the reader
(``tree.py``): the server matches them across included files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hardening_guide_tools.config_text import split_lines

from tls_manifesto.model import ConfigError

StatementKind = Literal["setting", "include", "include_try", "section", "end"]


@dataclass(frozen=True)
class Statement:
    """One statement: a setting, an include, a section opening or its end."""

    kind: StatementKind
    path: str
    line: int  # the line it starts on (a continued line: the first)
    key: str = ""  # the setting's name, the section's type, or the include's path
    value: str = ""  # the setting's value, or the section's name ("" when it has none)
    from_file: bool = False  # ``key = <path``: the value names a file the server reads


def parse_statements(path: str, text: str) -> list[Statement]:
    """The statements of one file, in order; ConfigError at the line of a bad one."""
    if text.startswith("\ufeff"):
        raise ConfigError(
            path,
            1,
            "byte-order mark: Dovecot reads it as part of the first line, which then is no "
            "setting (re-save the file without it)",
        )
    statements: list[Statement] = []
    pending: list[str] = []  # the parts of a line continued with a backslash
    first_line = 0
    for number, raw in enumerate(split_lines(text), start=1):
        if "\0" in raw:
            raise ConfigError(path, number, "NUL byte: not a text config (binary data?)")
        line = _without_comment(raw).strip()
        if line.endswith("\\"):
            if not pending:
                first_line = number
            pending.append(line[:-1].rstrip())
            continue
        if pending:
            line = " ".join([*pending, line]).strip()
            pending = []
        else:
            first_line = number
        if line:
            statements.append(_statement(path, first_line, line))
    if pending:
        statements.append(_statement(path, first_line, " ".join(pending).strip()))
    return statements


def _without_comment(line: str) -> str:
    """The line up to a ``#`` outside quotes (config_parse_line's "kludgy" comment strip)."""
    quote = ""
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#":
            return line[:index]
        index += 1
    return line


def _statement(path: str, number: int, line: str) -> Statement:
    key, rest = _split_key(line)
    if key in ("!include", "!include_try"):
        if not rest:
            raise ConfigError(path, number, f"{key} without a file name")
        kind: StatementKind = "include" if key == "!include" else "include_try"
        return Statement(kind, path, number, _unquoted(rest, path, number))
    if rest.startswith("="):
        return _setting(path, number, key, rest[1:].strip())
    if key == "}" and not rest:
        return Statement("end", path, number)
    return _section(path, number, key, rest)


def _split_key(line: str) -> tuple[str, str]:
    """The key (up to white space or ``=``) and the rest, its leading white space dropped."""
    end = 0
    while end < len(line) and not line[end].isspace() and line[end] != "=":
        end += 1
    return line[:end], line[end:].lstrip()


def _setting(path: str, number: int, key: str, value: str) -> Statement:
    if not key:
        raise ConfigError(path, number, "a setting without a name (expected key = value)")
    if value.startswith("<"):
        return Statement("setting", path, number, key, value[1:].strip(), from_file=True)
    return Statement("setting", path, number, key, _unquoted(value, path, number))


def _unquoted(value: str, path: str, number: int) -> str:
    """A value in matching quotes, unescaped as str_unescape does; any other value as written."""
    if len(value) >= 2 and value[0] in "'\"" and value[-1] == value[0]:
        inner = value[1:-1]
        out: list[str] = []
        index = 0
        while index < len(inner):
            if inner[index] == "\\" and index + 1 < len(inner):
                index += 1
            out.append(inner[index])
            index += 1
        return "".join(out)
    if value[:1] in ("'", '"'):
        raise ConfigError(
            path,
            number,
            f"unterminated quote in {value[:40]!r} (Dovecot would keep the quote as part of "
            "the value; close it on the same line)",
        )
    return value


def _section(path: str, number: int, key: str, rest: str) -> Statement:
    """``type {``, ``type name {`` or ``type "name" {``; Dovecot's own errors otherwise."""
    if key == "}":
        raise ConfigError(path, number, "garbage after '}' (a '}' stands alone on its line)")
    name = ""
    if not rest.startswith("{"):
        if rest.startswith('"'):
            close = rest.find('"', 1)
            if close < 0:
                raise ConfigError(
                    path, number, f"unterminated quote in section name: {rest[:40]!r}"
                )
            name, rest = rest[1:close], rest[close + 1 :].lstrip()
        else:
            name, rest = _split_key(rest)
    if not rest.startswith("{"):
        what = f"{key} {name}".strip()
        raise ConfigError(
            path, number, f"expecting '{{' after {what[:60]!r} (a setting needs key = value)"
        )
    if rest != "{":
        raise ConfigError(path, number, "garbage after '{' (a section's settings go on new lines)")
    return Statement("section", path, number, key, name)
