"""Erlang terms as ``file:consult/1`` reads them (ejabberd 2.x ejabberd.cfg).

A file is a sequence of terms, each ended by ``.`` and whitespace. The subset
follows the Erlang Reference Manual, "Data Types" and "Escape Sequences":
tuples, proper lists, atoms (bare or quoted), strings (adjacent strings
concatenate), binaries of string/integer segments, integers (``16#FF``,
``$c``, ``1_000``), floats, and ``%`` comments. Each term carries its line.
No Erlang term parser exists on PyPI, hence this small one.
"""

from __future__ import annotations

from dataclasses import dataclass

from tls_manifesto.model import ConfigError
from tls_manifesto.parsers.erlang_tokens import Token, tokenize
from tls_manifesto.reading.limits import MAX_NESTING, nesting_error


@dataclass(frozen=True)
class Atom:
    name: str
    line: int


@dataclass(frozen=True)
class String:
    """A character list written as "..."; ``value`` holds the characters."""

    value: str
    line: int


@dataclass(frozen=True)
class Binary:
    value: bytes
    line: int


@dataclass(frozen=True)
class Integer:
    value: int
    line: int


@dataclass(frozen=True)
class Float:
    value: float
    line: int


@dataclass(frozen=True)
class Tuple:
    items: tuple[Term, ...]
    line: int


@dataclass(frozen=True)
class List:
    items: tuple[Term, ...]
    line: int


Term = Atom | String | Binary | Integer | Float | Tuple | List


def parse_terms(text: str, path: str) -> tuple[Term, ...]:
    """All top-level terms of a consult file, in order."""
    return _Parser(tokenize(text, path), path).terms()


class _Parser:
    def __init__(self, tokens: list[Token], path: str) -> None:
        self.tokens = tokens
        self.path = path
        self.position = 0
        self.nesting = 0  # tuples and lists open around the current term

    def terms(self) -> tuple[Term, ...]:
        found = []
        while self._peek().kind != "eof":
            found.append(self._term())
            self._expect("dot", "'.' after a term (end every term with a dot)")
        return tuple(found)

    def _peek(self) -> Token:
        return self.tokens[self.position]

    def _next(self) -> Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _expect(self, kind: str, what: str) -> Token:
        token = self._next()
        if token.kind != kind:
            raise self._error(token, f"expected {what} but found {token.describe()}")
        return token

    def _error(self, token: Token, message: str) -> ConfigError:
        return ConfigError(self.path, token.line, message)

    def _term(self) -> Term:
        token = self._next()
        if token.kind in {"{", "["}:
            return self._container(token)
        if token.kind == "<<":
            return Binary(self._binary(), token.line)
        if token.kind == "atom":
            return Atom(str(token.value), token.line)
        if token.kind == "string":
            text = str(token.value)
            while self._peek().kind == "string":  # "ab" "cd" is "abcd"
                text += str(self._next().value)
            return String(text, token.line)
        if token.kind == "-" and self._peek().kind in {"integer", "float"}:
            return self._number(self._next(), sign=-1)
        if token.kind == "+" and self._peek().kind in {"integer", "float"}:
            return self._number(self._next(), sign=1)
        if token.kind in {"integer", "float"}:
            return self._number(token, sign=1)
        if token.kind == "variable":
            raise self._error(token, f"variable {token.value} in a config term (quote it: '...')")
        if token.kind == "#":
            raise self._error(token, "maps and records are not supported in ejabberd.cfg")
        raise self._error(token, f"expected a term but found {token.describe()}")

    def _container(self, opener: Token) -> Term:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise nesting_error(self.path, opener.line)
        try:
            if opener.kind == "{":
                return Tuple(self._sequence("}", opener), opener.line)
            return List(self._sequence("]", opener), opener.line)
        finally:
            self.nesting -= 1

    def _number(self, token: Token, sign: int) -> Term:
        if isinstance(token.value, int):
            return Integer(sign * token.value, token.line)
        if isinstance(token.value, float):
            return Float(sign * token.value, token.line)
        raise self._error(token, f"expected a number but found {token.describe()}")

    def _sequence(self, closer: str, opener: Token) -> tuple[Term, ...]:
        items: list[Term] = []
        if self._peek().kind == closer:
            self._next()
            return ()
        while True:
            if self._peek().kind == "eof":
                raise self._error(opener, f"'{opener.kind}' is never closed (add '{closer}')")
            items.append(self._term())
            token = self._next()
            if token.kind == closer:
                return tuple(items)
            if token.kind == "eof":
                raise self._error(opener, f"'{opener.kind}' is never closed (add '{closer}')")
            if token.kind == "|" and closer == "]":
                raise self._error(token, "improper list [H|T] is not supported in a config")
            if token.kind != ",":
                raise self._error(token, f"expected ',' or '{closer}' but found {token.describe()}")

    def _binary(self) -> bytes:
        data = bytearray()
        if self._peek().kind == ">>":
            self._next()
            return bytes(data)
        while True:
            token = self._next()
            if token.kind == "string":
                # A string segment stores each character's low 8 bits (default type integer).
                data.extend(ord(char) & 0xFF for char in str(token.value))
            elif token.kind == "integer" and isinstance(token.value, int):
                data.append(token.value & 0xFF)
            else:
                raise self._error(
                    token, f"expected a string or integer in <<>> but found {token.describe()}"
                )
            token = self._next()
            if token.kind == ">>":
                return bytes(data)
            if token.kind != ",":
                raise self._error(token, f"expected ',' or '>>' but found {token.describe()}")
