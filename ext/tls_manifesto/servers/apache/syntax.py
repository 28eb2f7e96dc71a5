"""One Apache httpd 2.4 config file -> a tree of located directives and sections.

What httpd 2.4.62 does (server/util.c ap_cfg_getline, ap_getword_conf;
server/config.c ap_build_config): a backslash right before the line break
joins the next line; each line is trimmed; a line whose first character is
``#`` is a comment (a ``#`` later on the line is an argument); the first word
names the directive, case-insensitively. ``<Name args>`` opens a section
that ``</Name>`` closes; a close that does not match ("Expected </X> but saw
</Y>"), a section left open at the end of its file ("<X> was not closed")
and a ``<Name`` line without its ``>`` stop the server. A byte-order mark is
skipped. Words are split at blanks; a word in double or single quotes keeps
its blanks, and a backslash escapes the quote inside it.

httpd takes an unterminated quote up to the end of the line; the checker
refuses it, as a slip that changes what the line means. Binary data and
nesting deeper than ``MAX_NESTING`` are refused too (``reading/limits.py``).
Each file is parsed on its own, as httpd does: a section cannot be closed in
another file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hardening_guide_tools.config_text import split_lines

from tls_manifesto.model import ConfigError
from tls_manifesto.reading.limits import MAX_NESTING, nesting_error

# Control characters other than tab: no config holds them; a binary file does.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SECTION_OPEN = re.compile(r"<([^\s>/][^\s>]*)\s*(.*)$", re.DOTALL)
_SECTION_CLOSE = re.compile(r"</([^\s>]+)\s*>$")


@dataclass(frozen=True)
class Directive:
    """A directive or a section, where it is written.

    ``name`` keeps the spelling of the file; ``key`` is what httpd compares.
    ``children`` is None for a plain directive, else a section's contents
    (or, once includes are read, the directives of the files an ``Include``
    names). ``lines`` are the physical lines it spans (continuations).
    """

    name: str
    args: tuple[str, ...]
    path: str
    line: int
    lines: tuple[int, ...]
    children: tuple[Directive, ...] | None = None
    end_line: int | None = None  # a section's closing line

    @property
    def key(self) -> str:
        return self.name.lower()

    @property
    def is_section(self) -> bool:
        return self.end_line is not None


@dataclass
class _Open:
    name: str
    args: tuple[str, ...]
    line: int
    lines: tuple[int, ...]
    children: list[Directive]


def parse_apache_config(text: str, path: str) -> tuple[Directive, ...]:
    """The directives of one file, sections holding theirs; ConfigError where it is broken."""
    root = _Open("", (), 0, (), [])
    stack = [root]
    for first, numbers, logical in _logical_lines(text, path):
        if not logical or logical.startswith("#"):
            continue
        if logical.startswith("</"):
            _close(stack, logical, path, first)
        elif logical.startswith("<"):
            if len(stack) > MAX_NESTING:
                raise nesting_error(path, first)
            name, args = _section_head(logical, path, first)
            stack.append(_Open(name, args, first, numbers, []))
        else:
            name, rest = _first_word(logical)
            stack[-1].children.append(
                Directive(name, split_words(rest, path, first), path, first, numbers)
            )
    if len(stack) > 1:
        open_ = stack[-1]
        raise ConfigError(path, open_.line, f"<{open_.name}> was not closed (add </{open_.name}>)")
    return tuple(root.children)


def _logical_lines(text: str, path: str) -> list[tuple[int, tuple[int, ...], str]]:
    """(first line, physical lines, trimmed text) of each logical line."""
    text = text.removeprefix("\ufeff")
    found: list[tuple[int, tuple[int, ...], str]] = []
    pending: list[str] = []
    numbers: list[int] = []
    for number, raw in enumerate(split_lines(text), start=1):
        if _BINARY.search(raw):
            raise ConfigError(path, number, "binary data (control characters) in the config")
        numbers.append(number)
        if raw.endswith("\\"):
            pending.append(raw[:-1])
            continue
        pending.append(raw)
        found.append((numbers[0], tuple(numbers), "".join(pending).strip()))
        pending, numbers = [], []
    if pending:
        found.append((numbers[0], tuple(numbers), "".join(pending).strip()))
    return found


def _section_head(logical: str, path: str, line: int) -> tuple[str, tuple[str, ...]]:
    if not logical.endswith(">"):
        raise ConfigError(path, line, f"{logical.split()[0]} directive missing closing '>'")
    match = _SECTION_OPEN.match(logical[:-1])
    if match is None:
        raise ConfigError(path, line, f"cannot read the section opening {logical!r}")
    return match.group(1), split_words(match.group(2), path, line)


def _close(stack: list[_Open], logical: str, path: str, line: int) -> None:
    match = _SECTION_CLOSE.match(logical)
    if match is None:
        raise ConfigError(path, line, f"cannot read the section closing {logical!r}")
    name = match.group(1)
    if len(stack) == 1:
        raise ConfigError(path, line, f"</{name}> without matching <{name}> section")
    open_ = stack[-1]
    if open_.name.lower() != name.lower():
        raise ConfigError(
            path,
            line,
            f"Expected </{open_.name}> but saw </{name}> (<{open_.name}> opened on line"
            f" {open_.line})",
        )
    stack.pop()
    stack[-1].children.append(
        Directive(
            open_.name, open_.args, path, open_.line, open_.lines, tuple(open_.children), line
        )
    )


def _first_word(logical: str) -> tuple[str, str]:
    parts = logical.split(None, 1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def split_words(text: str, path: str, line: int) -> tuple[str, ...]:
    """httpd's ap_getword_conf, word by word; an unterminated quote is refused."""
    words: list[str] = []
    at = 0
    while True:
        while at < len(text) and text[at] in " \t":
            at += 1
        if at >= len(text):
            return tuple(words)
        quote = text[at]
        if quote in "\"'":
            word, at = _quoted(text, at, path, line)
        else:
            end = at
            while end < len(text) and text[end] not in " \t":
                end += 1
            word, at = text[at:end], end
        words.append(word)


def _quoted(text: str, start: int, path: str, line: int) -> tuple[str, int]:
    quote = text[start]
    at = start + 1
    word: list[str] = []
    while at < len(text):
        char = text[at]
        if char == "\\" and at + 1 < len(text) and text[at + 1] == quote:
            word.append(quote)
            at += 2
            continue
        if char == quote:
            return "".join(word), at + 1
        word.append(char)
        at += 1
    raise ConfigError(
        path, line, f"unterminated quote {quote} (httpd would read to the end of the line)"
    )
