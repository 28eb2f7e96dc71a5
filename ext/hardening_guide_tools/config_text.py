"""Turn a config's bytes into numbered lines, the one way both packages count them.

The guide quotes a config by line number and the checker cites evidence by
line number; when the two split lines differently, a finding quotes one line
and cites another. So decoding, line splitting and the line of a bad byte
live here, and nowhere else.
"""

from __future__ import annotations

import re

# Lines end at "\r\n", "\r" or "\n", as for editors, Python's universal
# newlines and Pygments (which turns a lone "\r" into "\n" before it lexes:
# split otherwise, a CR-only file was one line here and three in the
# highlighted listing). Not str.splitlines(): it also splits on form feeds,
# "\x1c"-"\x1e", "\x85", U+2028 and U+2029, which no editor or server counts
# as a line break, so every number after such a character would be one off.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")


class UndecodableText(ValueError):
    """Bytes that are not UTF-8 text; ``line`` is the line of the first bad byte."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def line_at_offset(data: bytes, offset: int) -> int:
    """The number of the line holding byte ``offset``, breaking lines as ``split_lines`` does."""
    return len(_LINE_BREAK_BYTES.findall(data, 0, offset)) + 1


def decode_text(data: bytes, keep_byte_order_mark: bool = False) -> str:
    """``data`` as UTF-8 text; ``UndecodableText`` otherwise.

    A byte-order mark is dropped, as an editor drops it, unless the caller
    judges the file as a server reads it: Prosody's Lua and the ircd refuse
    one, libyaml skips it, so the checker keeps it for its parsers to judge.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise UndecodableText(
            line_at_offset(data, error.start),
            f"not valid UTF-8 (byte 0x{bad}); re-save the file as UTF-8",
        ) from None
    return text if keep_byte_order_mark else text.removeprefix("\ufeff")


def split_lines(text: str) -> tuple[str, ...]:
    """The lines of ``text`` without their endings; a final line break ends no extra line."""
    lines = _LINE_BREAK.split(text)
    if lines[-1] == "":
        lines.pop()
    return tuple(lines)
