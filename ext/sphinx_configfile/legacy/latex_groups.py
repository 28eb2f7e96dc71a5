"""Where a LaTeX ``{...}`` group ends, as TeX reads an argument.

The macro reader (``syntax``) and the caption reader (``latex_caption``)
both need it; one copy keeps them agreeing on what closes a group.
"""

from __future__ import annotations

import re

# A comment runs to the end of its line and swallows the next line's
# leading blanks (TeXbook, chapter 8: state N after the end of a line).
_COMMENT = re.compile(r"%[^\n]*(\n[ \t]*)?")


def after_comment(text: str, index: int) -> int:
    """The index after the comment that starts at ``text[index] == "%"``."""
    # The pattern matches every "%", so there is always a match.
    return _COMMENT.match(text, index).end()  # type: ignore[union-attr]


def brace_group_end(text: str, start: int) -> int | None:
    """The index of the ``}`` closing the ``{`` at ``start``; None when it never closes.

    Escaped braces (``\\{``, ``\\}``) and braces in comments do not count,
    as for TeX reading a macro argument.
    """
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "%":
            index = after_comment(text, index)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None
