"""main.cf and master.cf as Postfix reads them: logical lines, each with its physical lines.

Postfix reads both files with readllines() (src/util/readlline.c): a line
whose first non-blank character is ``#`` is a comment, a blank line is
skipped, and a line that starts with whitespace continues the logical line
before it. A ``#`` anywhere else is text, not a comment (postconf(5),
"Syntax"). Each logical line keeps the number of every physical line it
joins, so evidence can quote all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LogicalLine:
    text: str  # the physical lines joined by one space, outer whitespace stripped
    lines: tuple[int, ...]  # 1-based numbers of the physical lines it joins
    pieces: tuple[tuple[int, str], ...]  # (line, stripped text) of each physical line

    @property
    def first(self) -> int:
        return self.lines[0]


@dataclass(frozen=True)
class OrphanContinuation:
    """A continuation line with no logical line before it: readlline skips it with a warning."""

    line: int


def logical_lines(lines: Sequence[str]) -> tuple[list[LogicalLine], list[OrphanContinuation]]:
    found: list[list[tuple[int, str]]] = []
    orphans: list[OrphanContinuation] = []
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if raw[:1].isspace():
            if found:
                found[-1].append((number, stripped))
            else:
                orphans.append(OrphanContinuation(number))
            continue
        found.append([(number, stripped)])
    joined = [
        LogicalLine(
            " ".join(text for _, text in pieces),
            tuple(n for n, _ in pieces),
            tuple(pieces),
        )
        for pieces in found
    ]
    return joined, orphans
