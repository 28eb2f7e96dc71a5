"""Rewrite the old raw-LaTeX quotes of a page into ``configfile`` directives.

Both forms pandoc wrote are rewritten:

- a ``:raw-latex:`` role on a line of its own holding ``\\configfile`` or
  ``\\gdef\\currentsectionname`` macros (and nothing else) becomes the
  directives, one per macro;
- a ``.. raw:: latex`` block is split at each macro: the macros become
  directives, and the block's other LaTeX stays, line for line, in
  ``.. raw:: latex`` blocks of its own (with the block's original options)
  before and after them.

``\\configfile[options]{f}{r}{c}`` becomes ``.. configfile:: f`` with
``:lines:`` (none for an empty range: the whole file), ``:caption:`` (as
plain text), and ``:language:``/``:name:`` from the listings options
``language=``/``label=``; other listings options are reported as dropped.
``\\gdef\\currentsectionname{IM}`` becomes ``.. configfile-section:: IM``.

The rewrite is textual and touches only those lines (plus a blank line where
reStructuredText needs one to end a paragraph before a directive), so every
other byte of the page stays as it was. Running it on its own output
changes nothing. The ``.. role:: raw-latex(raw)`` definition is left in
place: the page may use the role for other LaTeX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sphinx_configfile.legacy_syntax import (
    LegacyQuote,
    LegacySection,
    LegacySyntaxError,
    MacroSpan,
    find_macros,
)
from sphinx_configfile.rewrite import read_source_text

ROLE_OPEN = ":raw-latex:`"
_LEGACY_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")
_RAW_BLOCK = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+raw::[ \t]+latex[ \t]*$")
_TRAILING = re.compile(r"^[ \t]*(?P<comment>%.*)?$")


@dataclass(frozen=True)
class MigrationProblem:
    """A located message: a reason a page cannot be migrated, or a note about what was dropped."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Migration:
    """A page before and after migration, or the reasons it cannot be migrated."""

    path: Path
    old_text: str
    new_text: str
    problems: tuple[MigrationProblem, ...]
    notes: tuple[MigrationProblem, ...] = ()  # listings options dropped, and the like

    @property
    def changed(self) -> bool:
        return not self.problems and self.new_text != self.old_text


@dataclass(frozen=True)
class _Edit:
    start: int  # offsets into the page text: whole line(s), without the last line end
    end: int
    replacement: str


class _Refusal(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def normalise_legacy_ranges(ranges: str) -> str:
    """``104-107,119-119`` -> ``104-107,119``; raises ``LegacySyntaxError``."""
    parts = []
    for part in ranges.split(","):
        match = _LEGACY_RANGE.match(part)
        if not match:
            raise LegacySyntaxError(f"range {part!r} is not N or N-M (fix the second argument)")
        first, last = match.group(1), match.group(2)
        parts.append(first if last in (None, first) else f"{first}-{last}")
    return ",".join(parts)


def _directive_lines(macro: LegacyQuote | LegacySection, indent: str) -> list[str]:
    if isinstance(macro, LegacySection):
        return [f"{indent}.. configfile-section:: {macro.name}"]
    lines = [f"{indent}.. configfile:: {macro.argument}"]
    options = (
        ("lines", normalise_legacy_ranges(macro.ranges) if macro.ranges else None),
        ("caption", macro.caption),
        ("language", macro.language),
        ("name", macro.name),
    )
    lines += [f"{indent}   :{key}: {value}" for key, value in options if value]
    return lines


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int, str]:
    """The start of ``start``'s line, the end of ``end``'s line (before its line end), the EOL."""
    line_start = text.rfind("\n", 0, start) + 1
    newline = text.find("\n", end)
    line_end = len(text) if newline < 0 else newline
    eol = "\r\n" if line_end > 0 and text[line_end - 1 : line_end] == "\r" else "\n"
    if eol == "\r\n":
        line_end -= 1
    return line_start, line_end, eol


def _neighbour_is_blank(text: str, line_start: int, line_end: int) -> tuple[bool, bool]:
    before = text[:line_start].splitlines()
    after = text[line_end:].splitlines()[1:] if line_end < len(text) else []
    return (not before or not before[-1].strip(), not after or not after[0].strip())


def _separated(text: str, line_start: int, line_end: int, lines: list[str]) -> list[str]:
    """``lines`` with the blank lines a directive needs from a neighbouring paragraph."""
    blank_before, blank_after = _neighbour_is_blank(text, line_start, line_end)
    return ([] if blank_before else [""]) + lines + ([] if blank_after else [""])


def _dropped_notes(spans: list[MacroSpan], line_of: dict[int, int]) -> list[tuple[int, str]]:
    return [
        (
            line_of[span.start],
            "\\configfile: listings option(s) dropped, the listing has no equivalent: "
            + ", ".join(span.macro.dropped),
        )
        for span in spans
        if isinstance(span.macro, LegacyQuote) and span.macro.dropped
    ]


# --- the role form ---------------------------------------------------------------------


def _edit_for_role(text: str, start: int, close: int) -> tuple[_Edit | None, list[tuple[int, str]]]:
    content = text[start + len(ROLE_OPEN) : close]
    first_line = text.count("\n", 0, start) + 1
    try:
        spans = find_macros(content)
    except LegacySyntaxError as exc:
        raise _Refusal(str(exc), first_line + content.count("\n", 0, exc.offset)) from None
    if not spans:
        return None, []
    starts = [span.start for span in spans] + [len(content)]
    ends = [0] + [span.end for span in spans]
    if any(content[a:b].strip() for a, b in zip(ends, starts, strict=True)):
        raise _Refusal(
            "the role mixes \\configfile with other LaTeX (give the other LaTeX a role of its own)",
            first_line,
        )
    line_start, line_end, eol = _line_bounds(text, start, close)
    indent = text[line_start:start]
    if indent.strip() or text[close + 1 : line_end].strip():
        raise _Refusal(
            "the role shares its line with other text (put it on a line of its own, "
            "then run migrate again)",
            first_line,
        )
    lines: list[str] = []
    for span in spans:
        lines += ([""] if lines else []) + _directive_lines(span.macro, indent)
    line_of = {span.start: first_line + content.count("\n", 0, span.start) for span in spans}
    replacement = eol.join(_separated(text, line_start, line_end, lines))
    return _Edit(line_start, line_end, replacement), _dropped_notes(spans, line_of)


def _role_edits(text: str, add: _Collector) -> list[_Edit]:
    edits: list[_Edit] = []
    position = text.find(ROLE_OPEN)
    while position >= 0:
        line = text.count("\n", 0, position) + 1
        close = text.find("`", position + len(ROLE_OPEN))
        if close < 0:
            add.problem(line, "raw-latex role never closed (add '`')")
            break
        try:
            edit, notes = _edit_for_role(text, position, close)
        except (_Refusal, LegacySyntaxError) as exc:
            add.problem(getattr(exc, "line", line), str(exc))
        else:
            if edit is not None:
                edits.append(edit)
            for note_line, message in notes:
                add.note(note_line, message)
        position = text.find(ROLE_OPEN, close + 1)
    return edits


# --- the block form --------------------------------------------------------------------


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
    block: _RawBlock, lines: list[str], first_line: int, add: _Collector
) -> list[str] | None:
    """The block's lines after migration, or None if it quotes nothing."""
    body = lines[block.content_start : block.content_end]
    width = min(_indent_width(line) for line in body if line.strip())
    content = "\n".join(line[width:] for line in body)
    try:
        spans = find_macros(content)
    except LegacySyntaxError as exc:
        raise _Refusal(str(exc), first_line + content.count("\n", 0, exc.offset)) from None
    if not spans:
        return None
    line_of = {span.start: first_line + content.count("\n", 0, span.start) for span in spans}
    for note_line, message in _dropped_notes(spans, line_of):
        add.note(note_line, message)
    pieces: list[list[str]] = []
    raw: list[str] = []
    position_line = 0
    content_lines = content.split("\n")
    for span in spans:
        start_line = content.count("\n", 0, span.start)
        end_line = content.count("\n", 0, span.end)
        line_start = content.rfind("\n", 0, span.start) + 1
        line_end = content.find("\n", span.end)
        line_end = len(content) if line_end < 0 else line_end
        trailing = _TRAILING.match(content[span.end : line_end])
        if content[line_start : span.start].strip() or trailing is None:
            raise _Refusal(
                "\\configfile shares its line with other LaTeX in the raw block (put it on a "
                "line of its own, then run migrate again)",
                line_of[span.start],
            )
        raw += body[position_line:start_line]
        _flush_raw(pieces, raw, block)
        raw = []
        pieces.append(_directive_lines(span.macro, block.indent))
        comment = trailing.group("comment") or ""
        # A comment after the macro stays, on its own line; a bare "%" only kept
        # TeX from reading the line end as a space, which means nothing here.
        if comment and comment.strip() != "%":
            raw.append(" " * width + comment)
        position_line = end_line + 1
    raw += body[position_line : len(content_lines)]
    _flush_raw(pieces, raw, block)
    out: list[str] = []
    for piece in pieces:
        out += ([""] if out else []) + piece
    return out


def _flush_raw(pieces: list[list[str]], raw: list[str], block: _RawBlock) -> None:
    """Keep the other LaTeX, unchanged, in a raw block with the original header."""
    while raw and not raw[0].strip():
        raw = raw[1:]
    while raw and not raw[-1].strip():
        raw = raw[:-1]
    if raw:
        pieces.append([*block.header, "", *raw])


def _block_edits(text: str, add: _Collector) -> list[_Edit]:
    lines_with_ends = text.splitlines(keepends=True)
    lines = [line.rstrip("\r\n") for line in lines_with_ends]
    offsets = [0]
    for line in lines_with_ends:
        offsets.append(offsets[-1] + len(line))
    edits: list[_Edit] = []
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
        except _Refusal as exc:
            add.problem(exc.line, str(exc))
            continue
        if replacement is None:
            continue
        start = offsets[block.first]
        end = offsets[block.content_end - 1] + len(lines[block.content_end - 1])
        eol = "\r\n" if lines_with_ends[block.first].endswith("\r\n") else "\n"
        edits.append(_Edit(start, end, eol.join(_separated(text, start, end, replacement))))
    return edits


# --- the page --------------------------------------------------------------------------


class _Collector:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[MigrationProblem] = []
        self.notes: list[MigrationProblem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(MigrationProblem(self.path, line, message))

    def note(self, line: int, message: str) -> None:
        self.notes.append(MigrationProblem(self.path, line, message))


def migrate_text(text: str, path: Path) -> Migration:
    """Migrate a page's text; problems and notes are located at their macro's line."""
    add = _Collector(path)
    edits = sorted(_role_edits(text, add) + _block_edits(text, add), key=lambda e: e.start)
    new_text = text
    for edit in reversed(edits):
        new_text = new_text[: edit.start] + edit.replacement + new_text[edit.end :]
    problems = tuple(sorted(add.problems, key=lambda p: p.line))
    notes = tuple(sorted(add.notes, key=lambda p: p.line))
    return Migration(path, text, new_text if not problems else text, problems, notes)


def migrate_file(path: Path) -> Migration:
    """Read a page and compute its migration (nothing is written here)."""
    return migrate_text(read_source_text(path), path)
