"""Rewrite the old raw-LaTeX quotes of a page into ``configfile`` directives.

``:raw-latex:`\\configfile{f}{r}{c}``` becomes a ``.. configfile:: f``
directive with ``:lines:`` and ``:caption:``, and
``:raw-latex:`\\gdef\\currentsectionname{IM}``` becomes
``.. configfile-section:: IM``. The rewrite is textual and touches only
the lines of those roles (plus a blank line where reStructuredText needs
one to end the paragraph before a directive), so every other byte of the
page stays as it was. Running it on its own output changes nothing.

The ``.. role:: raw-latex(raw)`` definition is left in place: the page may
use the role for other LaTeX, and an unused role definition is harmless.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sphinx_configfile.legacy import (
    LegacyQuote,
    LegacySection,
    LegacySyntaxError,
    parse_legacy_macro,
)
from sphinx_configfile.rewrite import read_source_text

ROLE_OPEN = ":raw-latex:`"
_LEGACY_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")


@dataclass(frozen=True)
class MigrationProblem:
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

    @property
    def changed(self) -> bool:
        return not self.problems and self.new_text != self.old_text


@dataclass(frozen=True)
class _Edit:
    start: int  # offsets into the page text: the role's whole line(s), without the line end
    end: int
    replacement: str


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
    lines = [
        f"{indent}.. configfile:: {macro.argument}",
        f"{indent}   :lines: {normalise_legacy_ranges(macro.ranges)}",
    ]
    if macro.caption:
        lines.append(f"{indent}   :caption: {macro.caption}")
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


def _edit_for_role(text: str, start: int, close: int) -> _Edit | None:
    macro = parse_legacy_macro(text[start + len(ROLE_OPEN) : close])
    if macro is None:
        return None
    line_start, line_end, eol = _line_bounds(text, start, close)
    indent = text[line_start:start]
    if indent.strip() or text[close + 1 : line_end].strip():
        raise LegacySyntaxError(
            "the role shares its line with other text (put it on a line of its own, "
            "then run migrate again)"
        )
    lines = _directive_lines(macro, indent)
    blank_before, blank_after = _neighbour_is_blank(text, line_start, line_end)
    # A directive must be separated from the paragraph it used to end.
    if not blank_before:
        lines.insert(0, "")
    if not blank_after:
        lines.append("")
    return _Edit(line_start, line_end, eol.join(lines))


def migrate_text(text: str, path: Path) -> Migration:
    """Migrate a page's text; problems are located at the role's first line."""
    edits: list[_Edit] = []
    problems: list[MigrationProblem] = []
    position = text.find(ROLE_OPEN)
    while position >= 0:
        line = text.count("\n", 0, position) + 1
        close = text.find("`", position + len(ROLE_OPEN))
        if close < 0:
            problems.append(MigrationProblem(path, line, "raw-latex role never closed (add '`')"))
            break
        try:
            edit = _edit_for_role(text, position, close)
        except LegacySyntaxError as exc:
            problems.append(MigrationProblem(path, line, str(exc)))
        else:
            if edit is not None:
                edits.append(edit)
        position = text.find(ROLE_OPEN, close + 1)
    new_text = text
    for edit in reversed(edits):
        new_text = new_text[: edit.start] + edit.replacement + new_text[edit.end :]
    return Migration(path, text, new_text if not problems else text, tuple(problems))


def migrate_file(path: Path) -> Migration:
    """Read a page and compute its migration (nothing is written here)."""
    return migrate_text(read_source_text(path), path)
