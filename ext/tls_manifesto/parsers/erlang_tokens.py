"""Tokens of Erlang terms, each with its line (Erlang Reference Manual, "Data Types")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tls_manifesto.model import ConfigError

# Erlang Reference Manual, "Reserved Words": not atoms unless quoted.
RESERVED_WORDS = frozenset(
    {
        "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor",
        "case", "catch", "cond", "div", "end", "fun", "if", "let", "not", "of", "or",
        "orelse", "receive", "rem", "try", "when", "xor",
    }
)  # fmt: skip

# "Escape Sequences" table; other escaped characters stand for themselves.
_SIMPLE_ESCAPES = {
    "b": "\b", "d": "\x7f", "e": "\x1b", "f": "\f", "n": "\n",
    "r": "\r", "s": " ", "t": "\t", "v": "\v",
}  # fmt: skip

_PUNCTUATION = ("<<", ">>", "{", "}", "[", "]", ",", "|", "-", "+", "#")
_NAME = re.compile(r"[a-zA-Z_\u00c0-\u00ff][a-zA-Z0-9_@\u00c0-\u00ff]*")
_DIGITS = r"[0-9](?:_?[0-9])*"
_FLOAT = re.compile(rf"{_DIGITS}\.{_DIGITS}(?:[eE][+-]?{_DIGITS})?")
_BASED = re.compile(rf"({_DIGITS})#([0-9a-zA-Z](?:_?[0-9a-zA-Z])*)")
_INTEGER = re.compile(_DIGITS)


@dataclass(frozen=True)
class Token:
    kind: str  # punctuation itself, or atom/variable/string/integer/float/dot/eof
    value: str | int | float | None  # str for names and strings, None for eof
    line: int

    def describe(self) -> str:
        if self.kind == "eof":
            return "the end of the file"
        if self.kind == "dot":
            return "'.'"
        if self.kind in {"atom", "variable", "integer", "float"}:
            return f"{self.kind} {self.value}"
        if self.kind == "string":
            return f'string "{self.value}"'
        return f"'{self.kind}'"


def tokenize(text: str, path: str) -> list[Token]:
    return _Scanner(text, path).scan()


class _Scanner:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.at = 0
        self.line = 1

    def scan(self) -> list[Token]:
        tokens: list[Token] = []
        while True:
            self._skip_blank()
            if self.at >= len(self.text):
                tokens.append(Token("eof", None, self.line))
                return tokens
            tokens.append(self._token())

    def _skip_blank(self) -> None:
        while self.at < len(self.text):
            char = self.text[self.at]
            if char == "%":
                end = self.text.find("\n", self.at)
                self.at = len(self.text) if end < 0 else end
            elif char.isspace():
                self.line += char == "\n"
                self.at += 1
            else:
                return

    def _token(self) -> Token:
        text, at, line = self.text, self.at, self.line
        char = text[at]
        if char == ".":
            following = text[at + 1 : at + 2]
            if following == "" or following.isspace() or following == "%":
                self.at += 1
                return Token("dot", ".", line)
            raise ConfigError(self.path, line, "'.' must be followed by a space or a new line")
        for mark in _PUNCTUATION:
            if text.startswith(mark, at):
                self.at += len(mark)
                return Token(mark, mark, line)
        if char == '"':
            return Token("string", self._quoted('"', "string"), line)
        if char == "'":
            return Token("atom", self._quoted("'", "quoted atom"), line)
        if char == "$":
            return self._char_literal()
        if char.isdigit():
            return self._number()
        match = _NAME.match(text, at)
        if match:
            self.at = match.end()
            word = match.group()
            if word[0].isupper() or word[0] == "_":
                return Token("variable", word, line)
            if word in RESERVED_WORDS:
                raise ConfigError(
                    self.path, line, f"{word!r} is a reserved word (quote it: '{word}')"
                )
            return Token("atom", word, line)
        raise ConfigError(self.path, line, f"unexpected character {char!r}")

    def _number(self) -> Token:
        text, line = self.text, self.line
        for pattern, kind in ((_FLOAT, "float"), (_BASED, "based"), (_INTEGER, "integer")):
            match = pattern.match(text, self.at)
            if not match:
                continue
            self.at = match.end()
            if kind == "float":
                return Token("float", float(match.group().replace("_", "")), line)
            if kind == "based":
                base = int(match.group(1).replace("_", ""))
                digits = match.group(2).replace("_", "")
                try:
                    if not 2 <= base <= 36:
                        raise ValueError
                    return Token("integer", int(digits, base), line)
                except ValueError:
                    raise ConfigError(
                        self.path, line, f"{match.group()} is not a valid base-{base} integer"
                    ) from None
            return Token("integer", int(match.group().replace("_", "")), line)
        raise ConfigError(self.path, line, "malformed number")

    def _char_literal(self) -> Token:
        line = self.line
        self.at += 1
        if self.at >= len(self.text):
            raise ConfigError(self.path, line, "'$' at the end of the file (write $c)")
        if self.text[self.at] == "\\":
            return Token("integer", ord(self._escape()), line)
        char = self.text[self.at]
        self.at += 1
        self.line += char == "\n"
        return Token("integer", ord(char), line)

    def _quoted(self, quote: str, what: str) -> str:
        start_line = self.line
        self.at += 1
        chars: list[str] = []
        while True:
            if self.at >= len(self.text):
                raise ConfigError(
                    self.path,
                    start_line,
                    f"unterminated {what} starting here (add the closing {quote})",
                )
            char = self.text[self.at]
            if char == quote:
                self.at += 1
                return "".join(chars)
            if char == "\\":
                chars.append(self._escape())
                continue
            self.line += char == "\n"
            chars.append(char)
            self.at += 1

    def _escape(self) -> str:
        """Read one escape sequence; ``self.at`` is on the backslash."""
        text, line = self.text, self.line
        self.at += 1
        if self.at >= len(text):
            raise ConfigError(self.path, line, "backslash at the end of the file")
        char = text[self.at]
        octal = re.compile(r"[0-7]{1,3}").match(text, self.at)
        if octal:
            self.at = octal.end()
            return chr(int(octal.group(), 8))
        if char == "x":
            return self._hex_escape()
        if char == "^" and self.at + 1 < len(text):
            self.at += 2
            return chr(ord(text[self.at - 1]) & 31)
        self.at += 1
        self.line += char == "\n"
        return _SIMPLE_ESCAPES.get(char, char)

    def _hex_escape(self) -> str:
        text = self.text
        braced = re.compile(r"x\{([0-9a-fA-F]+)\}").match(text, self.at)
        plain = re.compile(r"x([0-9a-fA-F]{2})").match(text, self.at)
        match = braced or plain
        if match is None:
            raise ConfigError(self.path, self.line, r"malformed \x escape (write \xFF or \x{FFFF})")
        self.at = match.end()
        code = int(match.group(1), 16)
        if code > 0x10FFFF:
            raise ConfigError(self.path, self.line, f"\\x{{{match.group(1)}}} is not a character")
        return chr(code)
