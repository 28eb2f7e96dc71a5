"""``migrate`` for a role that shares its line with other text: split the paragraph there.

The bridge cuts such a paragraph at the role (``legacy.replace_inline_with_pieces``):
the text before the role ends a paragraph, the listing follows, and the
text after it starts a new one. ``migrate`` writes the same in reST: the
text before stays where it is, the directive follows after a blank line,
and the text after goes onto a line of its own after another blank line,
at the paragraph's indentation. Where a piece would read as other markup
once it stands alone (a list item, a title, a literal block), the role is
refused instead.
"""

from __future__ import annotations

import re

from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from sphinx_configfile.legacy.migrate.edits import Refusal
from sphinx_configfile.legacy.migrate.list_items import LIST_MARKER

_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1+[ \t]*$")  # a section title's underline
_MOVE_IT = "put the role on a line of its own, then run migrate again"


def reads_as_paragraph(text: str) -> bool:
    """Whether docutils reads ``text`` alone as one paragraph, not a list, title or table.

    Unknown roles and unresolved references do not matter here: they leave
    a paragraph a paragraph.
    """
    settings = get_default_settings(Parser)
    settings.report_level = settings.halt_level = 5  # judge the shape, report nothing
    document = new_document("<migrate>", settings)
    Parser().parse(text, document)
    return len(document.children) == 1 and document.children[0].tagname == "paragraph"


def _check_piece(piece: str, where: str, line: int) -> None:
    if piece and not reads_as_paragraph(piece):
        raise Refusal(
            f"the role shares its line with text that would not stay a paragraph "
            f"on its own ({where}: {piece!r}; {_MOVE_IT})",
            line,
        )


def paragraph_lead(before: str) -> tuple[str, str]:
    """What starts the role's line, and the indentation of the paragraph it is in.

    pandoc writes a LaTeX ``\\item \\configfile{...}`` as a list item holding
    the role (``-  :raw-latex:`...```): the lead is then the indentation and
    the list marker, and the paragraph is indented past the marker.
    """
    marker = LIST_MARKER.match(before)
    lead = marker.group(0) if marker else before[: len(before) - len(before.lstrip(" \t"))]
    space = lead[: len(lead) - len(lead.lstrip(" \t"))]
    return lead, space + " " * (len(lead) - len(space))


def split_lines(
    before: str, after: str, directive: list[str], next_line: str, line: int
) -> list[str]:
    """The lines that replace a role's line: text before, the directive, text after.

    ``before`` is the line up to the role, ``after`` the rest of the role's
    last line, ``next_line`` the line after that; ``directive`` is indented
    like the paragraph (``paragraph_lead``) already.
    """
    lead, indent = paragraph_lead(before)
    text_before, text_after = before[len(lead) :].strip(), after.strip()
    if _ADORNMENT.match(next_line):
        raise Refusal(f"the role stands in a section title ({_MOVE_IT})", line)
    if text_before.endswith("::"):
        raise Refusal(
            f"the text before the role ends with '::', which would make the listing "
            f"a literal block ({_MOVE_IT})",
            line,
        )
    _check_piece(text_before, "before it", line)
    _check_piece(text_after, "after it", line)
    if not text_after and next_line.strip() and paragraph_lead(next_line)[0] == indent:
        # The paragraph's next line then starts a paragraph of its own.
        _check_piece(next_line.strip(), "the line after it", line)
    if text_before:
        lines = [lead + text_before, "", *directive]
    else:  # the directive takes the list marker's place, if there is one
        lines = [lead + directive[0].lstrip(), *directive[1:]]
    return lines + (["", indent + text_after] if text_after else [])
