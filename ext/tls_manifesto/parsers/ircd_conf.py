"""ircd.conf (Charybdis, ircd-seven, Solanum) -> blocks of located items.

Grammar and lexer of Charybdis 4.1 (ircd/ircd_parser.y, ircd/ircd_lexer.l):
``name ["label"] { key = item, item .. item; };``, items are quoted strings
(one line, ``\\`` escapes the next character), numbers, words (``yes``,
flags), ``N .. M`` integer ranges and time/size specs (``1 hour 30 minutes``).
Comments are ``#`` to end of line and ``/* ... */``; there is no ``//``
comment. ``.include "file"`` / ``.include <file>`` and ``loadmodule "m";``
may appear between blocks. The lexer is case-insensitive (``%option
case-insensitive``) and block and setting names are looked up with
``rb_strcasecmp`` (Solanum ircd/newconf.c find_top_conf/find_conf_item @
115b1e2; Charybdis the same), so ``ServerInfo { SSL_Cipher_List = ...; }``
sets the cipher list: names are kept in lower case. Flag words are compared
exactly (find_umode: ``strcmp``), so their case is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tls_manifesto.model import ConfigError

# ircd_parser.y, ircd_config_time[]: unit -> seconds (or bytes for sizes).
_UNITS = {
    "second": 1, "seconds": 1, "minute": 60, "minutes": 60, "hour": 3600, "hours": 3600,
    "day": 86400, "days": 86400, "week": 604800, "weeks": 604800,
    "fortnight": 1209600, "fortnights": 1209600, "month": 2419200, "months": 2419200,
    "year": 31536000, "years": 31536000, "byte": 1, "bytes": 1, "kb": 1024,
    "kbyte": 1024, "kbytes": 1024, "kilobyte": 1024, "kilebytes": 1024,
    "mb": 1048576, "mbyte": 1048576, "mbytes": 1048576, "megabyte": 1048576,
    "megabytes": 1048576,
}  # fmt: skip

_WORD = re.compile(r"[a-zA-Z_~:][a-zA-Z0-9_:]*")
_NUMBER = re.compile(r"[0-9]+")
_INCLUDE = re.compile(r"\.include[ \t]*(<.*>|\".*\")", re.IGNORECASE)


@dataclass(frozen=True)
class IrcdValue:
    kind: str  # "string" (quoted), "word", "number", "range", "time"
    value: str | int | tuple[int, int]
    line: int


@dataclass(frozen=True)
class IrcdItem:
    key: str
    values: tuple[IrcdValue, ...]
    line: int  # the key's line
    end_line: int  # the ';' line
    path: str = ""  # the file it is written in (a config may .include others)

    @property
    def lines(self) -> range:
        return range(self.line, self.end_line + 1)


@dataclass(frozen=True)
class IrcdBlock:
    name: str
    label: str | None
    items: tuple[IrcdItem, ...]
    line: int
    end_line: int
    path: str = ""  # the file it is written in

    def get(self, key: str) -> IrcdItem | None:
        """The last setting of ``key`` wins, as in conf_call_set."""
        found = [item for item in self.items if item.key == key.lower()]
        return found[-1] if found else None


@dataclass(frozen=True)
class IrcdConf:
    blocks: tuple[IrcdBlock, ...]
    includes: tuple[tuple[int, str], ...]  # (line, target) of .include (servers/ircd_files)
    modules: tuple[tuple[int, str], ...]  # (line, module) of loadmodule

    def blocks_named(self, name: str) -> tuple[IrcdBlock, ...]:
        return tuple(block for block in self.blocks if block.name == name.lower())


@dataclass(frozen=True)
class _Token:
    kind: str  # "{", "}", ";", "=", ",", "..", "string", "number", "word", "include", "eof"
    value: str
    line: int

    def describe(self) -> str:
        if self.kind == "eof":
            return "the end of the file"
        if self.kind in {"string", "word", "number"}:
            return f"{self.kind} {self.value!r}"
        return f"'{self.kind}'"


def parse_ircd_conf(text: str, path: str) -> IrcdConf:
    return _Parser(_tokenize(text, path), path).conf()


def _tokenize(text: str, path: str) -> list[_Token]:
    tokens: list[_Token] = []
    at, line = 0, 1
    while at < len(text):
        char = text[at]
        if char == "\n":
            line += 1
            at += 1
        elif char.isspace():
            at += 1
        elif char == "#":
            end = text.find("\n", at)
            at = len(text) if end < 0 else end
        elif text.startswith("/*", at):
            end = text.find("*/", at + 2)
            if end < 0:
                raise ConfigError(path, line, "unterminated comment starting here (add */)")
            line += text.count("\n", at, end)
            at = end + 2
        elif (include := _INCLUDE.match(text, at)) is not None:
            tokens.append(_Token("include", include.group(1)[1:-1], line))
            at = include.end()
        elif char == '"':
            value, at = _quoted(text, at, line, path)
            tokens.append(_Token("string", value, line))
        elif text.startswith("..", at):
            tokens.append(_Token("..", "..", line))
            at += 2
        elif char in "{};=,":
            tokens.append(_Token(char, char, line))
            at += 1
        elif (match := _NUMBER.match(text, at) or _WORD.match(text, at)) is not None:
            kind = "number" if char.isdigit() else "word"
            tokens.append(_Token(kind, match.group(), line))
            at = match.end()
        elif char == "\ufeff":  # ircd_lexer.l: "." returns the byte, a syntax error
            raise ConfigError(
                path, line, "a byte-order mark, which the ircd refuses (save without BOM)"
            )
        else:
            raise ConfigError(path, line, f"unexpected character {char!r}")
    tokens.append(_Token("eof", "", line))
    return tokens


def _quoted(text: str, at: int, line: int, path: str) -> tuple[str, int]:
    """A one-line quoted string; a backslash keeps the next character (ircd_lexer.l)."""
    chars: list[str] = []
    at += 1
    while at < len(text) and text[at] != "\n":
        char = text[at]
        if char == '"':
            return "".join(chars), at + 1
        if char == "\\" and at + 1 < len(text) and text[at + 1] != "\n":
            at += 1
            char = text[at]
        chars.append(char)
        at += 1
    raise ConfigError(path, line, 'unterminated string (close it with " on the same line)')


class _Parser:
    def __init__(self, tokens: list[_Token], path: str) -> None:
        self.tokens = tokens
        self.path = path
        self.at = 0

    def _next(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def _peek(self) -> _Token:
        return self.tokens[self.at]

    def _expect(self, kind: str, what: str, opened: _Token | None = None) -> _Token:
        token = self._next()
        if token.kind != kind:
            where = opened.line if opened is not None and token.kind == "eof" else token.line
            hint = f" (block opened on line {opened.line})" if opened is not None else ""
            raise ConfigError(
                self.path, where, f"expected {what} but found {token.describe()}{hint}"
            )
        return token

    def conf(self) -> IrcdConf:
        blocks, includes, modules = [], [], []
        while (token := self._next()).kind != "eof":
            if token.kind == "include":
                includes.append((token.line, token.value))
            elif token.kind == "word" and token.value.lower() == "loadmodule":
                module = self._expect("string", 'a quoted module name (loadmodule "name";)')
                self._expect(";", "';' after loadmodule")
                modules.append((token.line, module.value))
            elif token.kind == "word":
                blocks.append(self._block(token))
            else:
                raise ConfigError(
                    self.path, token.line, f"expected a block name but found {token.describe()}"
                )
        return IrcdConf(tuple(blocks), tuple(includes), tuple(modules))

    def _block(self, name: _Token) -> IrcdBlock:
        label = None
        if self._peek().kind == "string":
            label = self._next().value
        opener = self._expect("{", f"'{{' to open the {name.value} block")
        items = []
        while self._peek().kind != "}":
            if self._peek().kind == "eof":
                raise ConfigError(
                    self.path, opener.line, f"block {name.value} is never closed (add '}};')"
                )
            items.append(self._item(name, opener))
        closer = self._next()
        self._expect(";", f"';' after the '}}' closing {name.value}")
        name_lower = name.value.lower()
        return IrcdBlock(name_lower, label, tuple(items), name.line, closer.line, self.path)

    def _item(self, block: _Token, opener: _Token) -> IrcdItem:
        key = self._expect("word", "a setting name or '};'", opener)
        if self._peek().kind == "{" or (
            self._peek().kind == "string" and self.tokens[self.at + 1].kind == "{"
        ):
            raise ConfigError(
                self.path,
                key.line,
                f"block {key.value} starts inside block {block.value} opened on line"
                f" {block.line} (close {block.value} with '}};' first)",
            )
        self._expect("=", f"'=' after {key.value}")
        values = [self._single()]
        while (token := self._next()).kind == ",":
            values.append(self._single())
        if token.kind != ";":
            raise ConfigError(
                self.path,
                self.tokens[self.at - 2].line,
                f"expected ';' or ',' after {key.value} = ... but found {token.describe()}"
                " (end every setting with ';')",
            )
        return IrcdItem(key.value.lower(), tuple(values), key.line, token.line, self.path)

    def _single(self) -> IrcdValue:
        token = self._next()
        if token.kind == "string":
            return IrcdValue("string", token.value, token.line)
        if token.kind == "word":
            return IrcdValue("word", token.value, token.line)
        if token.kind != "number":
            raise ConfigError(
                self.path, token.line, f"expected a value but found {token.describe()}"
            )
        if self._peek().kind == "..":
            self._next()
            end = self._expect("number", "an integer after '..'")
            return IrcdValue("range", (int(token.value), int(end.value)), token.line)
        if self._peek().kind == "word":
            return self._timespec(token)
        return IrcdValue("number", int(token.value), token.line)

    def _timespec(self, first: _Token) -> IrcdValue:
        total, number = 0, first
        while True:
            unit = self._next()
            if unit.value.lower() not in _UNITS:  # ircd_parser.y: rb_strcasecmp
                raise ConfigError(
                    self.path, unit.line, f"unrecognised time/size unit {unit.value!r}"
                )
            total += int(number.value) * _UNITS[unit.value.lower()]
            if self._peek().kind != "number":
                return IrcdValue("time", total, first.line)
            number = self._next()
            if self._peek().kind != "word":  # "timespec number" adds plain seconds
                return IrcdValue("time", total + int(number.value), first.line)
