"""Atomic, byte-preserving rewrites of source files.

``verify --fix`` and ``migrate`` change a few characters of a user's file.
Everything else (line endings, trailing whitespace, encoding) must survive,
and a crash or a full disk must never leave a half-written file: we write a
temporary file next to the target and ``os.replace`` it, which is atomic on
POSIX when both are on the same file system.
"""

from __future__ import annotations

import difflib
import re
import stat
from pathlib import Path

from hardening_guide_tools.atomic_file import write_atomically
from hardening_guide_tools.config_text import line_at_offset

from sphinx_configfile.errors import ConfigfileToolError
from sphinx_configfile.legacy.syntax import QUOTE_MACRO, LegacySyntaxError, find_macros

SOURCE_ENCODING = "utf-8"


class RewriteError(ConfigfileToolError):
    """A file that cannot be rewritten, as ``path: what is wrong (what to do)``."""


def read_source_text(path: Path) -> str:
    """The file's text with its line endings untouched (no newline translation)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RewriteError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        text = data.decode(SOURCE_ENCODING)
    except UnicodeDecodeError as exc:
        line = line_at_offset(data, exc.start)
        bad = data[exc.start : exc.start + 1].hex()
        raise RewriteError(f"{path}:{line}: not UTF-8 (byte 0x{bad}); save it as UTF-8") from exc
    if "\r" in text and "\n" not in text:
        # The rewriters find lines at "\n"; docutils also splits at a lone
        # CR, so such a page would be one line here and many in the build.
        raise RewriteError(
            f"{path}: lines end in a lone CR (classic Mac); "
            "convert the page to LF or CRLF line endings and run again"
        )
    return text


def ensure_writable(path: Path) -> None:
    """Refuse files whose mode has no write bit.

    ``os.access`` is no help here: it says yes to root for every file, and
    the tests and CI run as root. A file someone made read-only is a signal
    that it should not change, so we honour the mode bits themselves.
    """
    mode = path.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise RewriteError(
            f"{path}: file is read-only (mode {stat.S_IMODE(mode):04o}); "
            "make it writable (chmod u+w) and run again"
        )


def write_text_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``, keeping its mode; all or nothing."""
    ensure_writable(path)
    try:
        write_atomically(path, text, encoding=SOURCE_ENCODING)
    except OSError as exc:
        raise RewriteError(f"{path}: cannot write: {exc.strerror}") from exc


def write_new_file_atomically(path: Path, text: str) -> None:
    """Create or replace a file we own (the lock), all or nothing."""
    if path.exists():
        write_text_atomically(path, text)
        return
    try:
        write_atomically(path, text, encoding=SOURCE_ENCODING)
    except OSError as exc:
        raise RewriteError(f"{path}: cannot write: {exc.strerror}") from exc


def unified_text_diff(old: str, new: str, name: str) -> str:
    """A ``diff -u`` style patch from ``old`` to ``new``."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )


def _option_pattern(option: str, indent: str) -> re.Pattern[str]:
    """An option line of a directive: ``head`` up to the value, ``tail`` the spaces after."""
    return re.compile(
        rf"^(?P<head>{indent}:{re.escape(option)}:[ \t]*)(?P<value>[^\r\n]*?)(?P<tail>[ \t]*)$"
    )


def _line_offsets(text: str) -> list[int]:
    offsets, position = [], 0
    for line in text.splitlines(keepends=True):
        offsets.append(position)
        position += len(line)
    return offsets


# A MyST directive opens with a fence of 3+ backticks or colons: ```{configfile} path
_MYST_OPENING = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})\{configfile\}")


def _set_option(lines: list[str], index: int, match: re.Match[str], ranges: str) -> str:
    body = lines[index].rstrip("\r\n")
    lines[index] = match.group("head") + ranges + match.group("tail") + lines[index][len(body) :]
    return "".join(lines)


def replace_directive_lines_option(
    text: str, lineno: int, ranges: str, name: str, option: str = "lines"
) -> str:
    """Set the ``:lines:`` option (or ``option``) of the ``configfile`` directive at ``lineno``.

    The directive is reST (``.. configfile::``, options indented below it)
    or MyST Markdown (a fenced ``{configfile}`` block, options at its top).
    """
    missing = f"{name}:{lineno}: the configfile directive has no :{option}: option"
    lines = text.splitlines(keepends=True)
    head = lines[lineno - 1] if 1 <= lineno <= len(lines) else ""
    myst = _MYST_OPENING.match(head)
    if myst:
        fence = myst.group("fence")
        for index in range(lineno, len(lines)):
            body = lines[index].rstrip("\r\n")
            if body.strip().startswith(fence):
                break  # the closing fence
            match = _option_pattern(option, r"\s*").match(body)
            if match:
                return _set_option(lines, index, match, ranges)
        raise RewriteError(missing)
    if "configfile::" not in head:
        raise RewriteError(f"{name}:{lineno}: no configfile directive here (run the build again)")
    indent = len(head) - len(head.lstrip())
    for index in range(lineno, len(lines)):
        body = lines[index].rstrip("\r\n")
        if body.strip() and len(body) - len(body.lstrip()) <= indent:
            break  # left the directive's block
        match = _option_pattern(option, r"\s+").match(body)
        if match:
            return _set_option(lines, index, match, ranges)
    raise RewriteError(missing)


def replace_legacy_ranges(text: str, lineno: int, ranges: str, name: str) -> str:
    """Set the ``{ranges}`` argument of the ``\\configfile`` that starts at ``lineno``."""
    offsets = _line_offsets(text)
    if not 1 <= lineno <= len(offsets):
        raise RewriteError(f"{name}:{lineno}: no \\configfile here (run the build again)")
    line_start = offsets[lineno - 1]
    line_end = offsets[lineno] if lineno < len(offsets) else len(text)
    start = text.find(QUOTE_MACRO, line_start, line_end)
    if start < 0:
        raise RewriteError(f"{name}:{lineno}: no \\configfile here (run the build again)")
    try:
        spans = find_macros(text[start:])
    except LegacySyntaxError as exc:
        raise RewriteError(f"{name}:{lineno}: cannot read the \\configfile arguments") from exc
    if not spans or spans[0].start != 0 or spans[0].ranges_span is None:
        raise RewriteError(f"{name}:{lineno}: no \\configfile here (run the build again)")
    first, last = spans[0].ranges_span
    if not text[start + first : start + last].strip():
        raise RewriteError(f"{name}:{lineno}: the \\configfile quotes the whole file")
    return text[: start + first] + ranges + text[start + last :]
