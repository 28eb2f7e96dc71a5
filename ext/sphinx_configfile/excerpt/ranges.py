"""Line ranges of a quote: parse ``104-107,113``, check them against a file, print them back.

Ranges are 1-based and inclusive and keep the order the author wrote; they
must not overlap, so every quoted line appears once with its own number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sphinx_configfile.errors import ConfigfileToolError

# ASCII digits only: int() would also read "٣" (Arabic-Indic three) as 3.
_RANGE_PATTERN = re.compile(r"^([0-9]+)(?:\s*-\s*([0-9]+))?$")


class RangeError(ConfigfileToolError, ValueError):
    """A ``:lines:`` value that cannot be quoted; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class LineRange:
    """Lines ``start`` to ``end`` of a file, both included, counted from 1."""

    start: int
    end: int

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    def overlaps(self, other: LineRange) -> bool:
        return self.start <= other.end and other.start <= self.end


def _parse_one(item: str) -> LineRange:
    match = _RANGE_PATTERN.match(item)
    if match is None:
        raise RangeError(
            f"cannot read range {item!r} (write N or N-M, comma-separated, e.g. 104-107,113)"
        )
    start = int(match.group(1))
    end = int(match.group(2)) if match.group(2) is not None else start
    if start == 0 or end == 0:
        raise RangeError(f"range {item.replace(' ', '')} contains line 0 (lines count from 1)")
    if end < start:
        raise RangeError(f"range {start}-{end} is reversed (write {end}-{start})")
    return LineRange(start, end)


def parse_ranges(text: str) -> tuple[LineRange, ...]:
    """Parse ``"104-107, 113-114,119"`` into ranges, in the order given.

    Raises :class:`RangeError` for bad syntax, line 0, reversed or overlapping ranges.
    """
    items = [item.strip() for item in text.split(",")]
    if not any(items):
        raise RangeError("empty :lines: value (give ranges like 104-107,113 or drop the option)")
    ranges: list[LineRange] = []
    for item in items:
        if not item:
            raise RangeError(f"empty range in {text.strip()!r} (remove the extra comma)")
        ranges.append(_parse_one(item))
    _check_no_overlap(ranges)
    return tuple(ranges)


def _check_no_overlap(ranges: list[LineRange]) -> None:
    # Sorted by start, a range overlaps an earlier one exactly when it starts
    # before the furthest end so far: n log n, where pairwise checks would
    # take a long :lines: value quadratic time.
    by_start = sorted(range(len(ranges)), key=lambda index: ranges[index].start)
    furthest: int | None = None
    for index in by_start:
        if furthest is not None and ranges[index].overlaps(ranges[furthest]):
            # Name them in the order the author wrote them.
            earlier, later = sorted((furthest, index))
            raise RangeError(
                f"range {ranges[later]} overlaps range {ranges[earlier]} (quote each line once)"
            )
        if furthest is None or ranges[index].end > ranges[furthest].end:
            furthest = index


def check_ranges_fit(ranges: Iterable[LineRange], line_count: int, label: str = "the file") -> None:
    """Raise :class:`RangeError` if a range reaches past the last line of the file."""
    for line_range in ranges:
        if line_range.end > line_count:
            raise RangeError(f"range {line_range} is past the end of {label} ({line_count} lines)")


def format_ranges(ranges: Iterable[LineRange]) -> str:
    """The canonical spelling: ``104-107,113,119``."""
    return ",".join(str(line_range) for line_range in ranges)


def whole_file(line_count: int) -> tuple[LineRange, ...]:
    """The ranges that quote every line (none for an empty file)."""
    return (LineRange(1, line_count),) if line_count else ()


def fold_lines(numbers: Iterable[int]) -> tuple[LineRange, ...]:
    """Line numbers folded into ascending ranges: 1,2,3,7 -> 1-3,7."""
    ranges: list[LineRange] = []
    for number in sorted(set(numbers)):
        if ranges and ranges[-1].end == number - 1:
            ranges[-1] = LineRange(ranges[-1].start, number)
        else:
            ranges.append(LineRange(number, number))
    return tuple(ranges)


def _uncovered(wanted: LineRange, shown: Sequence[LineRange]) -> list[LineRange]:
    """The parts of ``wanted`` that no range of ``shown`` (ascending, disjoint) covers."""
    pieces: list[LineRange] = []
    start = wanted.start
    for covered in shown:
        if covered.end < start:
            continue
        if covered.start > wanted.end:
            break
        if covered.start > start:
            pieces.append(LineRange(start, covered.start - 1))
        start = covered.end + 1
        if start > wanted.end:
            return pieces
    pieces.append(LineRange(start, wanted.end))
    return pieces


def _joined(pieces: Iterable[LineRange]) -> tuple[LineRange, ...]:
    """Disjoint ranges in ascending order, touching ones joined: 3-4,1-2,7 -> 1-4,7."""
    joined: list[LineRange] = []
    for piece in sorted(pieces, key=lambda r: r.start):
        if joined and joined[-1].end == piece.start - 1:
            joined[-1] = LineRange(joined[-1].start, piece.end)
        else:
            joined.append(piece)
    return tuple(joined)


def emphasized_lines(text: str, quoted: Iterable[int]) -> tuple[int, ...]:
    """``:emphasize-lines:`` in the config's own numbering; each line must be quoted.

    Sphinx's ``literalinclude`` counts emphasized lines from the start of the
    excerpt; here ``58`` is line 58 of the config, as the listing shows it.
    Ranges are compared as ranges before any is expanded into its numbers:
    ``1-99999999999999`` is an error, not a list that fills the memory.
    """
    shown = fold_lines(quoted)
    wanted = parse_ranges(text)
    missing = _joined(piece for line_range in wanted for piece in _uncovered(line_range, shown))
    if missing:
        raise RangeError(
            f":emphasize-lines: {format_ranges(missing)} not quoted "
            f"(the listing shows lines {format_ranges(shown)})"
        )
    return tuple(sorted(n for r in wanted for n in range(r.start, r.end + 1)))
