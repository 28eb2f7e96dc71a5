"""One way to number a config's lines, for the guide's quotes and the checker's evidence."""

from __future__ import annotations

import pytest
from hardening_guide_tools.config_text import (
    UndecodableText,
    decode_text,
    line_at_offset,
    split_lines,
)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a\nb\n", ("a", "b")),
        ("a\r\nb\r\n", ("a", "b")),
        ("a\rb\r", ("a", "b")),
        ("a\nb", ("a", "b")),
        ("", ()),
        ("\n", ("",)),
        # Separators str.splitlines() breaks at, which editors and servers do not.
        ("# a\x0cb\nc\n", ("# a\x0cb", "c")),
        ("x\x1cy\x1dz\x1e\x85\u2028\u2029\nw", ("x\x1cy\x1dz\x1e\x85\u2028\u2029", "w")),
    ],
)
def test_lines_end_at_newline_crlf_and_lone_cr_only(text: str, lines: tuple[str, ...]) -> None:
    assert split_lines(text) == lines


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"a\nb\n\xe9\n", 3),
        (b"a\r\nb\r\n\xe9\n", 3),
        (b"a\rb\r\xe9\r", 3),
        (b"# \x0c\nb\n\xe9", 3),
    ],
)
def test_a_bad_byte_is_reported_on_the_line_split_lines_gives_it(data: bytes, line: int) -> None:
    with pytest.raises(UndecodableText) as raised:
        decode_text(data)
    assert raised.value.line == line
    assert raised.value.message == "not valid UTF-8 (byte 0xe9); re-save the file as UTF-8"
    assert line_at_offset(data, data.index(b"\xe9")) == line


def test_a_byte_order_mark_is_not_part_of_the_first_line() -> None:
    assert split_lines(decode_text("\ufeffa: 1\n".encode())) == ("a: 1",)
