"""Parsing, checking and printing ``:lines:`` ranges."""

import pytest
from sphinx_configfile.excerpt.ranges import (
    LineRange,
    RangeError,
    check_ranges_fit,
    emphasized_lines,
    fold_lines,
    format_ranges,
    parse_ranges,
    whole_file,
)


def test_ranges_keep_the_order_given_and_tolerate_whitespace() -> None:
    assert parse_ranges(" 119, 104 - 107 ,113-114") == (
        LineRange(119, 119),
        LineRange(104, 107),
        LineRange(113, 114),
    )


def test_canonical_format_round_trips() -> None:
    ranges = parse_ranges("104-107, 113,119-119")
    assert format_ranges(ranges) == "104-107,113,119"
    assert parse_ranges(format_ranges(ranges)) == ranges


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("120-118", "range 120-118 is reversed"),
        ("0-3", "contains line 0"),
        ("0", "contains line 0"),
        ("1-5,4-6", "range 4-6 overlaps range 1-5"),
        ("3,3", "range 3 overlaps range 3"),
        ("1-x", "cannot read range '1-x'"),
        ("1,,2", "empty range"),
        ("", "empty :lines: value"),
        ("-3", "cannot read range '-3'"),
        # int() reads other scripts' digits; a line number is written in ASCII.
        ("\u0663", "cannot read range '\u0663'"),
        ("1-\uff15", "cannot read range"),
    ],
)
def test_bad_ranges_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(RangeError, match=message):
        parse_ranges(text)


def test_range_past_the_end_names_the_file_and_its_length() -> None:
    with pytest.raises(RangeError) as caught:
        check_ranges_fit(parse_ranges("1-3,210-213"), 200, label="14.12/ejabberd.yml")
    assert str(caught.value) == "range 210-213 is past the end of 14.12/ejabberd.yml (200 lines)"


def test_ranges_that_fit_pass() -> None:
    check_ranges_fit(parse_ranges("1-3,200"), 200)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0 - 3", "range 0-3 contains line 0 (lines count from 1)"),
        (" , ", "empty :lines: value (give ranges like 104-107,113 or drop the option)"),
        ("5-2", "range 5-2 is reversed (write 2-5)"),
        ("1-3, 2", "range 2 overlaps range 1-3 (quote each line once)"),
        # The overlap is with a range two places back, found once sorted by start.
        ("1-2,5-6,2-3", "range 2-3 overlaps range 1-2 (quote each line once)"),
        ("1,,2", "empty range in '1,,2' (remove the extra comma)"),
    ],
)
def test_bad_ranges_messages_are_exact(text: str, message: str) -> None:
    with pytest.raises(RangeError) as caught:
        parse_ranges(text)
    assert str(caught.value) == message


def test_range_past_the_end_says_the_file_by_default() -> None:
    with pytest.raises(RangeError) as caught:
        check_ranges_fit(parse_ranges("4-6"), 5)
    assert str(caught.value) == "range 4-6 is past the end of the file (5 lines)"


def test_whole_file_quotes_every_line_and_nothing_of_an_empty_file() -> None:
    assert whole_file(7) == (LineRange(1, 7),)
    assert whole_file(1) == (LineRange(1, 1),)
    assert whole_file(0) == ()


def test_fold_lines_makes_ascending_ranges_of_any_numbers() -> None:
    assert fold_lines([7, 3, 1, 2, 3, 9, 8]) == (LineRange(1, 3), LineRange(7, 9))
    assert fold_lines([5]) == (LineRange(5, 5),)
    assert fold_lines([]) == ()


def test_emphasized_lines_count_in_the_configs_own_numbering() -> None:
    quoted = [104, 105, 106, 107, 113]
    assert emphasized_lines("113, 104-105", quoted) == (104, 105, 113)
    assert emphasized_lines("106", quoted) == (106,)


def test_emphasizing_a_line_the_listing_does_not_show_names_both_sets() -> None:
    with pytest.raises(RangeError) as caught:
        emphasized_lines("2-4,9,7", [1, 2, 3, 7])
    assert str(caught.value) == (":emphasize-lines: 4,9 not quoted (the listing shows lines 1-3,7)")


def test_emphasize_lines_are_read_like_lines() -> None:
    with pytest.raises(RangeError, match="range 3-1 is reversed"):
        emphasized_lines("3-1", [1, 2, 3])


@pytest.mark.parametrize(
    ("emphasized", "quoted", "missing"),
    [
        # One range across several gaps of the listing, past both of its ends.
        ("1-10", [2, 3, 5, 6, 9], "1,4,7-8,10"),
        # A shown range before the wanted one is passed over; one after it ends the walk.
        ("8-9", [1, 2, 8, 12], "9"),
        ("1-3", [1, 9], "2-3"),
        # Missing parts of two ranges that touch are one range; apart they stay two.
        ("3,4", [1], "3-4"),
        ("5,3-4", [1], "3-5"),
        ("3,5", [1], "3,5"),
        ("2,4-5", [1, 3], "2,4-5"),
    ],
)
def test_emphasized_lines_outside_the_listing_are_named_as_ranges(
    emphasized: str, quoted: list[int], missing: str
) -> None:
    with pytest.raises(RangeError) as caught:
        emphasized_lines(emphasized, quoted)
    assert str(caught.value).startswith(f":emphasize-lines: {missing} not quoted (")


@pytest.mark.parametrize(
    ("emphasized", "quoted"),
    [("2-5", [1, 2, 3, 4, 5]), ("8", [1, 2, 8]), ("1-2,5", [1, 2, 3, 5, 6]), ("3-4", [3, 4])],
)
def test_emphasized_lines_inside_the_listing_are_all_returned(
    emphasized: str, quoted: list[int]
) -> None:
    wanted = [n for r in parse_ranges(emphasized) for n in range(r.start, r.end + 1)]
    assert emphasized_lines(emphasized, quoted) == tuple(sorted(wanted))


def test_a_long_emphasized_range_past_the_listing_is_one_missing_range() -> None:
    # Long enough to notice, small enough that a mutant expanding it fails
    # fast instead of timing out (test_huge_ranges.py bounds the memory).
    with pytest.raises(RangeError) as caught:
        emphasized_lines("1-3000000", [1, 2])
    assert str(caught.value) == (
        ":emphasize-lines: 3-3000000 not quoted (the listing shows lines 1-2)"
    )
