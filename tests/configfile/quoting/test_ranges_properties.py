"""Property: any set of disjoint ranges, in any order, prints and parses back to itself."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sphinx_configfile.excerpt.ranges import LineRange, RangeError, format_ranges, parse_ranges


@st.composite
def disjoint_ranges(draw: st.DrawFn) -> tuple[LineRange, ...]:
    """1-12 ranges that do not overlap (they may touch), shuffled."""
    bounds = sorted(draw(st.sets(st.integers(1, 100_000), min_size=1, max_size=24)))
    ranges = []
    for start, end in zip(bounds[0::2], bounds[1::2] + [bounds[-1]], strict=False):
        singleton = draw(st.booleans())
        ranges.append(LineRange(start, start if singleton else end))
    ranges = [r for r in ranges if r.start <= r.end]
    return tuple(draw(st.permutations(ranges)))


@given(disjoint_ranges())
def test_format_then_parse_gives_the_same_ranges(ranges: tuple[LineRange, ...]) -> None:
    text = format_ranges(ranges)
    assert parse_ranges(text) == ranges
    assert format_ranges(parse_ranges(text)) == text  # the canonical spelling is a fixed point


@given(disjoint_ranges(), st.lists(st.sampled_from(["", " ", "  ", "\t"]), min_size=4))
def test_whitespace_around_numbers_and_commas_is_ignored(
    ranges: tuple[LineRange, ...], spaces: list[str]
) -> None:
    def spaced(r: LineRange, i: int) -> str:
        pad = spaces[i % len(spaces)]
        return f"{pad}{r.start}{pad}-{pad}{r.end}{pad}" if r.start != r.end else f"{pad}{r.start}"

    text = ",".join(spaced(r, i) for i, r in enumerate(ranges))
    assert parse_ranges(text) == ranges


@given(st.lists(st.tuples(st.integers(1, 60), st.integers(0, 8)), min_size=1, max_size=30))
def test_overlap_is_found_exactly_when_two_ranges_share_a_line(
    spans: list[tuple[int, int]],
) -> None:
    ranges = [LineRange(start, start + length) for start, length in spans]
    shared = any(a.overlaps(b) for i, a in enumerate(ranges) for b in ranges[:i])
    text = format_ranges(ranges)
    if not shared:
        assert parse_ranges(text) == tuple(ranges)
        return
    with pytest.raises(RangeError) as raised:
        parse_ranges(text)
    named = re.fullmatch(
        r"range (\S+) overlaps range (\S+) \(quote each line once\)", str(raised.value)
    )
    assert named is not None, raised.value
    (later,), (earlier,) = parse_ranges(named.group(1)), parse_ranges(named.group(2))
    assert later.overlaps(earlier)
    # Named in writing order: the earlier-written one second.
    written = text.split(",")
    assert written.index(str(earlier)) < len(written) - 1 - written[::-1].index(str(later))
