"""Emphasized lines seen from the lock: what a listing highlights, and where it moves.

``:emphasize-lines:`` counts in the config's own numbering, so when lines are
inserted above a quote, its emphasized lines move by the same amount as its
``:lines:``. What the reader sees highlighted is a position in the listing,
which is what the lock compares.
"""

from __future__ import annotations

from collections.abc import Sequence

from sphinx_configfile.excerpt.ranges import LineRange


def emphasis_positions(ranges: Sequence[LineRange], emphasized: Sequence[int]) -> tuple[int, ...]:
    """Each emphasized line's place among the listing's lines (0 is the first shown)."""
    positions: list[int] = []
    before = 0
    for line_range in ranges:
        positions += [
            before + n - line_range.start
            for n in emphasized
            if line_range.start <= n <= line_range.end
        ]
        before += line_range.end - line_range.start + 1
    return tuple(sorted(positions))


def moved_emphasis(
    emphasized: Sequence[int], old: Sequence[LineRange], new: Sequence[LineRange]
) -> tuple[int, ...]:
    """The emphasized lines after each range of ``old`` moved to its place in ``new``."""
    moved = [
        n - before.start + after.start
        for before, after in zip(old, new, strict=True)
        for n in emphasized
        if before.start <= n <= before.end
    ]
    return tuple(sorted(moved))
