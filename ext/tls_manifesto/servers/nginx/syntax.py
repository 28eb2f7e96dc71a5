"""One nginx config file -> a tree of located directives.

The tokenizer follows ngx_conf_read_token (src/core/ngx_conf_file.c, tag
release-1.30.4; 1.18.0 and 1.22.1 read the same): a directive is words up to
``;`` or up to ``{`` that opens its block, ``}`` closes a block only where a
word starts, ``#`` starts a comment only where a word starts, quotes (``"``
or ``'``) may span lines and must be followed by a space, ``;``, ``{`` or
``)``, a backslash keeps the next character (``\\t``, ``\\r``, ``\\n`` are
escapes) and ``${`` does not open a block. Every error nginx would stop at
is a ``ConfigError`` at its line, phrased as nginx says it, with what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tls_manifesto.model import ConfigError
from tls_manifesto.reading.limits import MAX_NESTING, nesting_error

_SPACE = " \t\r\n"
# What a backslash before these letters stands for; '"', "'" and "\\" stand for themselves.
_ESCAPES = {"t": "\t", "r": "\r", "n": "\n"}


@dataclass(frozen=True)
class Directive:
    """``name args...;`` or ``name args... { block }`` at ``line`` of ``path``."""

    name: str
    args: tuple[str, ...]
    path: str
    line: int
    block: tuple[Directive, ...] | None = None  # None: a simple directive, ended by ';'
    end_line: int = 0  # the line of its ';', or of the '}' closing its block

    @property
    def lines(self) -> range:
        """The lines of the directive itself (not of its block)."""
        last = self.end_line if self.block is None else self.line
        return range(self.line, max(self.line, last) + 1)


@dataclass
class _Open:
    """A block being read: its directive's words, and the directives inside so far."""

    name: str
    args: tuple[str, ...]
    line: int
    children: list[Directive] = field(default_factory=list)


def parse_nginx(text: str, path: str, depth: int = 0) -> tuple[Directive, ...]:
    """The directives of one file; ``depth``: the blocks around the ``include`` that reads it."""
    if text.startswith("\ufeff"):
        raise ConfigError(
            path,
            1,
            "a byte-order mark, which nginx reads as part of the first directive's name"
            " (save the file without BOM)",
        )
    return _Reader(text, path, depth).read()


class _Reader:
    def __init__(self, text: str, path: str, depth: int) -> None:
        self.text = text
        self.path = path
        self.depth = depth
        self.at = 0
        self.line = 1

    def read(self) -> tuple[Directive, ...]:
        stack: list[_Open] = [_Open("", (), 0)]
        while True:
            words, start_line, end = self._statement()
            if end == "eof":
                if words:
                    raise ConfigError(
                        self.path,
                        start_line,
                        f'"{words[0][0]}" is not ended: unexpected end of file, expecting'
                        ' ";" or "}" (end the directive with ";")',
                    )
                if len(stack) > 1:
                    opened = stack[-1]
                    raise ConfigError(
                        self.path,
                        opened.line,
                        f'block "{opened.name}" opened here is never closed: unexpected end'
                        ' of file, expecting "}" (add "}")',
                    )
                return tuple(stack[0].children)
            if end == "}":
                if len(stack) == 1:
                    raise ConfigError(
                        self.path, self.line, 'unexpected "}" (no block is open here; remove it)'
                    )
                closed = stack.pop()
                stack[-1].children.append(
                    Directive(closed.name, closed.args, self.path, closed.line,
                              tuple(closed.children), self.line)
                )  # fmt: skip
                continue
            name, *args = (word for word, _ in words)
            if end == "{":
                if len(stack) + self.depth > MAX_NESTING:
                    raise nesting_error(self.path, start_line)
                stack.append(_Open(name, tuple(args), start_line))
            else:
                stack[-1].children.append(
                    Directive(name, tuple(args), self.path, start_line, None, self.line)
                )

    def _statement(self) -> tuple[list[tuple[str, int]], int, str]:
        """The words up to ``;``, ``{``, ``}`` or the end; and which of those ended them."""
        words: list[tuple[str, int]] = []
        start_line = self.line
        text = self.text
        while self.at < len(text):
            char = text[self.at]
            if char == "\n":
                self.line += 1
                self.at += 1
            elif char == "\r":
                # A line break for the line numbers evidence quotes (config_text.split_lines).
                self.line += 0 if text.startswith("\r\n", self.at) else 1
                self.at += 1
            elif char in " \t":
                self.at += 1
            elif char == "#":
                while self.at < len(text) and text[self.at] not in "\r\n":
                    self.at += 1
            elif char in ";{}":
                self.at += 1
                if char == "}" and words:
                    raise ConfigError(
                        self.path,
                        self.line,
                        f'unexpected "}}" in "{words[0][0]}" (end the directive with ";" first)',
                    )
                if char != "}" and not words:
                    raise ConfigError(
                        self.path, self.line, f'unexpected "{char}" (a directive name is missing)'
                    )
                return words, start_line, char
            elif char == "\x00":
                raise ConfigError(self.path, self.line, "a NUL byte: binary data, not a config")
            else:
                if not words:
                    start_line = self.line
                words.append((self._word(), self.line))
        return words, start_line, "eof"

    def _word(self) -> str:
        text = self.text
        if text[self.at] in "\"'":
            return self._quoted()
        chars: list[str] = []
        while self.at < len(text):
            char = text[self.at]
            if char in _SPACE or char in ";{":
                if char == "{" and chars and chars[-1] == "$":
                    chars.append(char)  # "${name}": a variable, not a block
                    self.at += 1
                    continue
                break
            if char == "\x00":
                raise ConfigError(self.path, self.line, "a NUL byte: binary data, not a config")
            if char == "\\" and self.at + 1 < len(text):
                chars.append(self._escape(text[self.at + 1]))
                self.at += 2
                continue
            chars.append(char)
            self.at += 1
        return "".join(chars)

    def _quoted(self) -> str:
        text = self.text
        quote, start_line = text[self.at], self.line
        self.at += 1
        chars: list[str] = []
        while self.at < len(text):
            char = text[self.at]
            if char == quote:
                self.at += 1
                if self.at < len(text) and text[self.at] not in _SPACE + ";{)":
                    raise ConfigError(
                        self.path,
                        self.line,
                        f'unexpected "{text[self.at]}" right after a quoted string'
                        " (put a space after the closing quote)",
                    )
                return "".join(chars)
            if char == "\n" or (char == "\r" and not text.startswith("\r\n", self.at)):
                self.line += 1
            if char == "\\" and self.at + 1 < len(text):
                chars.append(self._escape(text[self.at + 1]))
                self.at += 2
                continue
            chars.append(char)
            self.at += 1
        raise ConfigError(
            self.path,
            start_line,
            f"unterminated quoted string starting here (close it with {quote})",
        )

    def _escape(self, char: str) -> str:
        if char == "\n":
            self.line += 1
        if char in "\"'\\":
            return char
        # Any other escaped character keeps its backslash: a regex's "\.php$" stays so.
        return _ESCAPES.get(char, "\\" + char)
