"""What replaces an old macro in a page: the directive lines, and the edit that puts them there.

Shared by the two forms ``migrate`` rewrites (roles in ``migrate.py``, raw
blocks in ``migrate_block.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sphinx_configfile.errors import ConfigfileToolError
from sphinx_configfile.legacy.syntax import (
    LegacyQuote,
    LegacySection,
    LegacySyntaxError,
    MacroSpan,
)

_LEGACY_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")


@dataclass(frozen=True)
class MigrationProblem:
    """A located message: a reason a page cannot be migrated, or a note about what was dropped."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Edit:
    start: int  # offsets into the page text: whole line(s), without the last line end
    end: int
    replacement: str


class Refusal(ConfigfileToolError):
    """A macro that cannot be migrated, at its line of the page."""

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


def directive_lines(macro: LegacyQuote | LegacySection, indent: str) -> list[str]:
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


def line_bounds(text: str, start: int, end: int) -> tuple[int, int, str]:
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


def separated(
    text: str,
    line_start: int,
    line_end: int,
    lines: list[str],
    *,
    before: bool = True,
    after: bool = True,
) -> list[str]:
    """``lines`` with the blank lines a directive needs from a neighbouring paragraph.

    ``before``/``after`` False: ``lines`` start/end with text of that
    paragraph, which must stay joined to it.
    """
    blank_before, blank_after = _neighbour_is_blank(text, line_start, line_end)
    head = [] if blank_before or not before else [""]
    return head + lines + ([] if blank_after or not after else [""])


def dropped_notes(spans: list[MacroSpan], line_of: dict[int, int]) -> list[tuple[int, str]]:
    return [
        (
            line_of[span.start],
            "\\configfile: listings option(s) dropped, the listing has no equivalent: "
            + ", ".join(span.macro.dropped),
        )
        for span in spans
        if isinstance(span.macro, LegacyQuote) and span.macro.dropped
    ]


class Collector:
    """Problems (the page stays as it is) and notes (what was dropped) of one page."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[MigrationProblem] = []
        self.notes: list[MigrationProblem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(MigrationProblem(self.path, line, message))

    def note(self, line: int, message: str) -> None:
        self.notes.append(MigrationProblem(self.path, line, message))
