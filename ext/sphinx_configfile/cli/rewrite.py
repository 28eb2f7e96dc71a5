"""Rewriting the ranges of a quote in a page: the directive's ``:lines:`` or a legacy macro.

``verify --fix`` and ``migrate`` change a few characters of a user's file;
``sphinx_configfile.source_files`` reads and writes it whole, byte for byte.
"""

from __future__ import annotations

import re

from sphinx_configfile.legacy.syntax import QUOTE_MACRO, LegacySyntaxError, find_macros
from sphinx_configfile.source_files import RewriteError


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
