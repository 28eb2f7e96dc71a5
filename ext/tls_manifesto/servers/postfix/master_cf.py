"""master.cf -> its services: name, type, command, and their ``-o name=value`` overrides.

master(5): a service is a logical line of eight fields (service type
private unpriv chroot wakeup maxproc command) followed by the command's
arguments; ``-o name=value`` overrides a main.cf parameter for this service
only. Postfix 3.0 and later take ``{ text }`` for an argument with blanks
(``-o { name = value }``); an unbalanced ``{`` stops the master daemon.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tls_manifesto.model import ConfigError
from tls_manifesto.reading.limits import MAX_NESTING, nesting_error
from tls_manifesto.servers.postfix.logical_lines import LogicalLine, logical_lines
from tls_manifesto.servers.postfix.main_cf import Parameter, split_name_value

FIELDS = ("service", "type", "private", "unpriv", "chroot", "wakeup", "maxproc", "command")


@dataclass(frozen=True)
class Token:
    text: str
    line: int
    braced: bool = False  # written as { text }: the braces are not part of it


@dataclass(frozen=True)
class Service:
    name: str  # "smtp", "submission", "127.0.0.1:submissions", "2525"
    type: str  # "inet", "unix", "pass", ...
    command: str  # "smtpd", "postscreen", ...
    path: str
    lines: tuple[int, ...]  # the service's physical lines
    overrides: tuple[Parameter, ...]  # its -o settings, in order (a later one wins)


@dataclass(frozen=True)
class MasterCf:
    path: str
    services: tuple[Service, ...]
    orphan_lines: tuple[int, ...]


def parse_master_cf(text_lines: Sequence[str], path: str) -> MasterCf:
    logical, orphans = logical_lines(text_lines)
    services = tuple(_service(line, path) for line in logical)
    return MasterCf(path, services, tuple(o.line for o in orphans))


def _service(line: LogicalLine, path: str) -> Service:
    tokens = _tokens(line, path)
    if len(tokens) < len(FIELDS):
        missing = FIELDS[len(tokens)]
        raise ConfigError(
            path,
            line.first,
            f"a service needs the eight fields {' '.join(FIELDS)}; the {missing} field is missing",
        )
    command = tokens[7].text.rsplit("/", 1)[-1]
    overrides = _overrides(tokens[8:], path)
    return Service(tokens[0].text, tokens[1].text, command, path, line.lines, overrides)


def _overrides(arguments: Sequence[Token], path: str) -> tuple[Parameter, ...]:
    found: list[Parameter] = []
    index = 0
    while index < len(arguments):
        token = arguments[index]
        index += 1
        if token.braced or not token.text.startswith("-o"):
            continue
        lines: tuple[int, ...]
        if token.text != "-o":
            value, lines = token.text[2:], (token.line,)
        elif index < len(arguments):
            value, lines = arguments[index].text, (token.line, arguments[index].line)
            index += 1
        else:
            raise ConfigError(path, token.line, "-o needs a name=value after it")
        pair = split_name_value(value)
        if isinstance(pair, str):
            raise ConfigError(path, lines[-1], f"-o {value}: {pair}")
        found.append(Parameter(pair[0], pair[1], path, tuple(dict.fromkeys(lines))))
    return tuple(found)


def _tokens(line: LogicalLine, path: str) -> list[Token]:
    """Blank-separated tokens; ``{ ... }`` (balanced, across lines) is one token."""
    tokens: list[Token] = []
    depth = 0
    current: list[str] = []
    start = 0
    for number, text in line.pieces:
        for char in text + " ":
            if depth:
                if char == "{":
                    depth += 1
                    if depth > MAX_NESTING:
                        raise nesting_error(path, number)
                elif char == "}":
                    depth -= 1
                    if depth == 0:
                        tokens.append(Token("".join(current).strip(), start, braced=True))
                        current = []
                        continue
                current.append(char)
            elif char == "{" and not current:
                depth, start = 1, number
            elif char.isspace():
                if current:
                    tokens.append(Token("".join(current), start))
                    current = []
            else:
                if not current:
                    start = number
                current.append(char)
    if depth:
        raise ConfigError(path, start, "'{' is never closed by '}' in this service entry")
    return tokens
