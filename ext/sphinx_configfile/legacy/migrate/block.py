"""``migrate`` for ``.. raw:: latex`` blocks: split a block at each old macro.

The macros become directives at the block's indentation; the block's other
lines stay, byte for byte, in ``.. raw:: latex`` blocks of their own that
repeat the original directive line and options, before and after them.
A list environment whose items are all quotes becomes a reST list
(``migrate_list``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sphinx_configfile.legacy.migrate.edits import (
    Collector,
    Edit,
    Refusal,
    directive_lines,
    dropped_notes,
    separated,
)
from sphinx_configfile.legacy.migrate.list_items import is_item, kept_apart, list_lines, quote_list
from sphinx_configfile.legacy.syntax import LegacySyntaxError, MacroSpan, find_macros

# "latex" among the block's formats, as the build reads it ("latex", "html latex").
_RAW_BLOCK = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+raw::(?=[^\n]*[ \t]latex\b)[ \t\w-]*$")
_TRAILING = re.compile(r"^[ \t]*(?P<comment>%.*)?$")


@dataclass(frozen=True)
class _RawBlock:
    header: list[str]  # the directive line and its option lines, as written (no line ends)
    first: int  # index of the directive line
    content_start: int  # index of the first content line
    content_end: int  # index after the last non-blank content line
    indent: str  # the directive's indentation


def _indent_width(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _read_block(lines: list[str], first: int, indent: str) -> _RawBlock:
    """The extent of the ``.. raw:: latex`` block whose directive is ``lines[first]``."""
    index = first + 1
    while (
        index < len(lines)
        and lines[index].strip().startswith(":")
        and _indent_width(lines[index]) > len(indent)
    ):
        index += 1
    header = lines[first:index]
    content_start: int | None = None
    content_end = index
    while index < len(lines):
        if lines[index].strip():
            if _indent_width(lines[index]) <= len(indent):
                break  # the block ends where the indentation does
            content_start = index if content_start is None else content_start
            content_end = index + 1
        index += 1
    start = content_end if content_start is None else content_start
    return _RawBlock(header, first, start, content_end, indent)


def _block_replacement(
    block: _RawBlock, lines: list[str], first_line: int, add: Collector
) -> list[str] | None:
    """The block's lines after migration, or None if it quotes nothing."""
    body = lines[block.content_start : block.content_end]
    width = min(_indent_width(line) for line in body if line.strip())
    content = "\n".join(line[width:] for line in body)
    try:
        spans = find_macros(content)
    except LegacySyntaxError as exc:
        raise Refusal(str(exc), first_line + content.count("\n", 0, exc.offset)) from None
    if not spans:
        return None
    line_of = {span.start: first_line + content.count("\n", 0, span.start) for span in spans}
    for note_line, message in dropped_notes(spans, line_of):
        add.note(note_line, message)
    pieces: list[list[str]] = []
    raw: list[str] = []
    position_line = 0
    for unit in _units(content, spans, line_of, block.indent, width):
        raw += body[position_line : unit.first]
        _flush_raw(pieces, raw, block)
        pieces.append(unit.lines)
        raw = list(unit.kept)
        position_line = unit.last + 1
    raw += body[position_line:]
    _flush_raw(pieces, raw, block)
    out: list[str] = []
    for piece in pieces:
        out += ([""] if out else []) + piece
    return out


@dataclass(frozen=True)
class _Unit:
    """Content lines ``first`` to ``last`` of a block, and the reST that replaces them."""

    first: int
    last: int
    lines: list[str]
    kept: tuple[str, ...] = ()  # raw LaTeX that follows, on lines of its own (a comment)


def _units(
    content: str, spans: list[MacroSpan], line_of: dict[int, int], indent: str, width: int
) -> list[_Unit]:
    """Each macro on a line of its own, and each LaTeX list of quotes, in order."""
    units: list[_Unit] = []
    for span in spans:
        start_line = content.count("\n", 0, span.start)
        if units and start_line <= units[-1].last:
            continue  # an item of the list just rewritten
        if is_item(content, span):
            quotes = quote_list(content, spans, span, line_of)
            units.append(_Unit(quotes.first, quotes.last, list_lines(quotes, indent)))
            continue
        line_start = content.rfind("\n", 0, span.start) + 1
        line_end = content.find("\n", span.end)
        trailing = _TRAILING.match(content[span.end : len(content) if line_end < 0 else line_end])
        if content[line_start : span.start].strip() or trailing is None:
            raise Refusal(
                "\\configfile shares its line with other LaTeX in the raw block (put it on a "
                "line of its own, then run migrate again)",
                line_of[span.start],
            )
        # A comment after the macro stays, on its own line; a bare "%" only kept
        # TeX from reading the line end as a space, which means nothing here.
        comment = trailing.group("comment") or ""
        kept = (" " * width + comment,) if comment and comment.strip() != "%" else ()
        end_line = content.count("\n", 0, span.end)
        units.append(_Unit(start_line, end_line, directive_lines(span.macro, indent), kept))
    return units


def _flush_raw(pieces: list[list[str]], raw: list[str], block: _RawBlock) -> None:
    """Keep the other LaTeX, unchanged, in a raw block with the original header."""
    while raw and not raw[0].strip():
        raw = raw[1:]
    while raw and not raw[-1].strip():
        raw = raw[:-1]
    if raw:
        pieces.append([*block.header, "", *raw])


def block_edits(text: str, add: Collector) -> list[Edit]:
    lines_with_ends = text.splitlines(keepends=True)
    lines = [line.rstrip("\r\n") for line in lines_with_ends]
    offsets = [0]
    for line in lines_with_ends:
        offsets.append(offsets[-1] + len(line))
    edits: list[Edit] = []
    index = 0
    while index < len(lines):
        match = _RAW_BLOCK.match(lines[index])
        if not match:
            index += 1
            continue
        block = _read_block(lines, index, match.group("indent"))
        index = max(block.content_end, index + 1)
        if block.content_start >= block.content_end:
            continue
        try:
            replacement = _block_replacement(block, lines, block.content_start + 1, add)
        except Refusal as exc:
            add.problem(exc.line, str(exc))
            continue
        if replacement is None:
            continue
        replacement = kept_apart(
            replacement, lines, block.first, block.content_end - 1, block.indent
        )
        start = offsets[block.first]
        end = offsets[block.content_end - 1] + len(lines[block.content_end - 1])
        eol = "\r\n" if lines_with_ends[block.first].endswith("\r\n") else "\n"
        edits.append(Edit(start, end, eol.join(separated(text, start, end, replacement))))
    return edits
