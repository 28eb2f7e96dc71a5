"""Property: any set of disjoint ranges, in any order, prints and parses back to itself."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sphinx_configfile.ranges import LineRange, format_ranges, parse_ranges


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
