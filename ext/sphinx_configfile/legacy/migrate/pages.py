"""Rewrite the old raw-LaTeX quotes of a page into ``configfile`` directives.

Both forms pandoc wrote are rewritten:

- a ``:raw-latex:`` role holding ``\\configfile`` or
  ``\\gdef\\currentsectionname`` macros (and nothing else) becomes the
  directives, one per macro. Text on the role's line before and after it
  becomes paragraphs of their own around them, as the bridge shows it
  (``migrate_paragraph``); a list item's marker stays, the item now holding
  the directive;
- a ``.. raw:: latex`` block is split at each macro: the macros become
  directives, and the block's other LaTeX stays, line for line, in
  ``.. raw:: latex`` blocks of its own (with the block's original options)
  before and after them. A LaTeX list of ``\\item \\configfile`` lines
  becomes a reST list of directives (``migrate_list``).

``\\configfile[options]{f}{r}{c}`` becomes ``.. configfile:: f`` with
``:lines:`` (none for an empty range: the whole file), ``:caption:`` (as
inline reST: code stays a literal, links stay links, see ``caption_rst``),
and ``:language:``/``:name:`` from the listings options ``language=``/``label=``;
other listings options are reported as dropped.
``\\gdef\\currentsectionname{IM}`` becomes ``.. configfile-section:: IM``.

This module reads roles and the page; ``migrate_block`` splits blocks and
``migrate_edits`` writes the directive lines both share.

The rewrite is textual and touches only those lines (plus a blank line where
reStructuredText needs one to end a paragraph before a directive), so every
other byte of the page stays as it was. Running it on its own output
changes nothing. The ``.. role:: raw-latex(raw)`` definition is left in
place: the page may use the role for other LaTeX.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sphinx_configfile.legacy.migrate.block import block_edits
from sphinx_configfile.legacy.migrate.edits import (
    Collector,
    Edit,
    MigrationProblem,
    Refusal,
    directive_lines,
    dropped_notes,
    line_bounds,
    separated,
)
from sphinx_configfile.legacy.migrate.paragraph import paragraph_lead, split_lines
from sphinx_configfile.legacy.syntax import (
    QUOTE_MACRO,
    SECTION_MACRO,
    LegacySyntaxError,
    find_macros,
)
from sphinx_configfile.source_files import read_source_text

ROLE_OPEN = ":raw-latex:`"


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


# --- the role form ---------------------------------------------------------------------


def _edit_for_role(text: str, start: int, close: int) -> tuple[Edit | None, list[tuple[int, str]]]:
    content = text[start + len(ROLE_OPEN) : close]
    first_line = text.count("\n", 0, start) + 1
    try:
        spans = find_macros(content)
    except LegacySyntaxError as exc:
        raise Refusal(str(exc), first_line + content.count("\n", 0, exc.offset)) from None
    if not spans:
        return None, []
    starts = [span.start for span in spans] + [len(content)]
    ends = [0] + [span.end for span in spans]
    if any(content[a:b].strip() for a, b in zip(ends, starts, strict=True)):
        raise Refusal(
            "the role mixes \\configfile with other LaTeX (give the other LaTeX a role of its own)",
            first_line,
        )
    line_start, line_end, eol = line_bounds(text, start, close)
    before, after = text[line_start:start], text[close + 1 : line_end]
    lead, indent = paragraph_lead(before)
    lines: list[str] = []
    for span in spans:
        lines += ([""] if lines else []) + directive_lines(span.macro, indent)
    if before.strip() or after.strip():
        if QUOTE_MACRO in before + after or SECTION_MACRO in before + after:
            raise Refusal(
                "several roles with \\configfile share this line with other text (put each "
                "role on a line of its own, then run migrate again)",
                first_line,
            )
        lines = split_lines(before, after, lines, _next_line(text, line_end), first_line)
    # Text, or a list marker, left before the directive keeps it joined to
    # what precedes it; text after it, to what follows.
    lines = separated(
        text,
        line_start,
        line_end,
        lines,
        before=lead == before and not lead.strip(),
        after=not after.strip(),
    )
    line_of = {span.start: first_line + content.count("\n", 0, span.start) for span in spans}
    return Edit(line_start, line_end, eol.join(lines)), dropped_notes(spans, line_of)


def _next_line(text: str, line_end: int) -> str:
    following = text[line_end:].splitlines()
    return following[1] if len(following) > 1 else ""


def _role_edits(text: str, add: Collector) -> list[Edit]:
    edits: list[Edit] = []
    position = text.find(ROLE_OPEN)
    while position >= 0:
        line = text.count("\n", 0, position) + 1
        close = text.find("`", position + len(ROLE_OPEN))
        if close < 0:
            add.problem(line, "raw-latex role never closed (add '`')")
            break
        try:
            edit, notes = _edit_for_role(text, position, close)
        except (Refusal, LegacySyntaxError) as exc:
            add.problem(getattr(exc, "line", line), str(exc))
        else:
            if edit is not None:
                edits.append(edit)
            for note_line, message in notes:
                add.note(note_line, message)
        position = text.find(ROLE_OPEN, close + 1)
    return edits


# --- the page --------------------------------------------------------------------------


def migrate_text(text: str, path: Path) -> Migration:
    """Migrate a page's text; problems and notes are located at their macro's line."""
    add = Collector(path)
    edits = sorted(_role_edits(text, add) + block_edits(text, add), key=lambda e: e.start)
    new_text = text
    for edit in reversed(edits):
        new_text = new_text[: edit.start] + edit.replacement + new_text[edit.end :]
    problems = tuple(sorted(add.problems, key=lambda p: p.line))
    notes = tuple(sorted(add.notes, key=lambda p: p.line))
    return Migration(path, text, new_text if not problems else text, problems, notes)


def migrate_file(path: Path) -> Migration:
    """Read a page and compute its migration (nothing is written here)."""
    return migrate_text(read_source_text(path), path)
