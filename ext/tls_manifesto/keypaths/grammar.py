"""The key-path grammar of ``:keys:``: settings named by where they are, not by line number.

::

    keys      := key ("," key)*
    key       := segment ("." segment)*
    segment   := NAME selector*
    selector  := "[" (STRING | INDEX | NAME "=" VALUE) "]"
    NAME      := letters, digits, "_" and "-", not starting with a digit
    STRING    := a double-quoted string ("\\" escapes the next character)
    INDEX     := a positive integer: the N-th item (1-based)
    VALUE     := STRING, or text up to "]"

``listen[port=5222].starttls_required``, ``VirtualHost["example.org"].ssl``,
``connect["hub.example.net"].flags``, ``listen[2].sslport``. A selector picks
one item of a list or one of several blocks: by a setting of the item
(``port=5222``), by its label (``["example.org"]``) or by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tls_manifesto.errors import ManifestoError


class KeyPathError(ManifestoError, ValueError):
    """A key that cannot be read or does not resolve; the message says what to write."""


@dataclass(frozen=True)
class Selector:
    label: str | None = None  # ["example.org"]
    index: int | None = None  # [2]
    key: str | None = None  # [port=5222]
    value: str | None = None

    def __str__(self) -> str:
        if self.label is not None:
            return f'["{self.label}"]'
        if self.index is not None:
            return f"[{self.index}]"
        return f"[{self.key}={self.value}]"


@dataclass(frozen=True)
class Segment:
    name: str
    selectors: tuple[Selector, ...] = ()

    def __str__(self) -> str:
        return self.name + "".join(str(s) for s in self.selectors)


@dataclass(frozen=True)
class KeyPath:
    text: str  # as written
    segments: tuple[Segment, ...]

    def __str__(self) -> str:
        return self.text

    def prefix(self, count: int) -> str:
        """The first ``count`` segments as written, for messages."""
        return ".".join(str(s) for s in self.segments[:count])


_NAME = re.compile(r"[A-Za-z_][\w-]*")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_INDEX = re.compile(r"([1-9][0-9]*)\]")
_PAIR = re.compile(r"([A-Za-z_][\w-]*)\s*=\s*")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def split_keys(option: str) -> list[str]:
    """``a, b["x,y"]`` -> ``["a", 'b["x,y"]']``: commas inside quotes or brackets do not split."""
    keys: list[str] = []
    current: list[str] = []
    depth, quoted, escaped = 0, False, False
    for char in option:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif not quoted and char == "[":
            depth += 1
        elif not quoted and char == "]":
            depth -= 1
        elif not quoted and depth == 0 and char == ",":
            keys.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    keys.append("".join(current).strip())
    if any(not key for key in keys):
        raise KeyPathError(f"empty key in {option!r} (separate keys with commas)")
    return keys


def parse_key(text: str) -> KeyPath:
    """One key path; KeyPathError says where it stops making sense."""
    position, segments = 0, []
    while True:
        name = _NAME.match(text, position)
        if name is None:
            raise _syntax(text, position, "a setting name")
        position = name.end()
        selectors = []
        while position < len(text) and text[position] == "[":
            selector, position = _selector(text, position + 1)
            selectors.append(selector)
        segments.append(Segment(name.group(0), tuple(selectors)))
        if position == len(text):
            return KeyPath(text, tuple(segments))
        if text[position] != ".":
            raise _syntax(text, position, "'.', '[' or the end of the key")
        position += 1


def _selector(text: str, position: int) -> tuple[Selector, int]:
    string = _STRING.match(text, position)
    if string is not None:
        end = string.end()
        if text[end : end + 1] != "]":
            raise _syntax(text, end, "']'")
        return Selector(label=_unescape(string.group(1))), end + 1
    index = _INDEX.match(text, position)
    if index is not None:
        return Selector(index=int(index.group(1))), index.end()
    pair = _PAIR.match(text, position)
    if pair is None:
        raise _syntax(text, position, 'a selector: ["label"], [N] or [setting=value]')
    position = pair.end()
    string = _STRING.match(text, position)
    if string is not None:
        value, position = _unescape(string.group(1)), string.end()
    else:
        end = text.find("]", position)
        if end == -1:
            raise _syntax(text, len(text), "']'")
        value, position = text[position:end].strip(), end
        if not value:
            raise _syntax(text, position, "a value after '='")
    if text[position : position + 1] != "]":
        raise _syntax(text, position, "']'")
    return Selector(key=pair.group(1), value=value), position + 1


def _syntax(text: str, position: int, expected: str) -> KeyPathError:
    found = repr(text[position]) if position < len(text) else "the end"
    return KeyPathError(f"cannot read key {text!r}: expected {expected} at {found}")


def parse_keys(option: str) -> tuple[KeyPath, ...]:
    return tuple(parse_key(key) for key in split_keys(option))
