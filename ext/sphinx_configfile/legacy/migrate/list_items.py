"""``migrate`` for ``\\item \\configfile{...}``: a LaTeX list of quotes becomes a reST list.

The original guide sometimes quoted a listing as an item of a list
(``\\begin{itemize*} \\item \\configfile{...} \\end{itemize*}``). The bridge
prints such a listing inside the item in LaTeX and on its own elsewhere.
``migrate`` writes the list as a reST list (``-`` for ``itemize``, ``#.``
for ``enumerate``) whose items hold the directives, so every output shows
each listing in its item. Only a list whose items are all quotes can be
rewritten so: a reST list cannot continue a list that raw LaTeX opened, and
splitting the LaTeX list would renumber an ``enumerate``. Anything else is
refused, naming the line that stands in the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sphinx_configfile.legacy.migrate.edits import Refusal, directive_lines
from sphinx_configfile.legacy.syntax import LegacyQuote, MacroSpan

_ITEM = re.compile(r"^[ \t]*\\item[ \t]*$")  # the text before the macro on its line
_BEGIN = re.compile(r"^[ \t]*\\begin\{(?P<env>itemize|enumerate)\*?\}[ \t]*(%[ \t]*)?$")
_END = re.compile(r"^[ \t]*\\end\{(?P<env>itemize|enumerate)\*?\}[ \t]*(%[ \t]*)?$")
_ANY_BEGIN = re.compile(r"\\begin\{(?P<env>[^}]*)\}")
_ANY_END = re.compile(r"\\end\{(?P<env>[^}]*)\}")
_BARE = re.compile(r"^[ \t]*%?[ \t]*$")  # blank, or a bare "%" that only ate a line end
_MARKERS = {"itemize": "- ", "enumerate": "#. "}
# reST list markers (bullets, enumerators) and the space after them.
LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+\u2022\u2023\u2043]|#\.|\(?(?:\d+|[A-Za-z#])[.)])[ \t]+")
_MOVE_IT = "move the quote out of the list, then run migrate again"


@dataclass(frozen=True)
class QuoteList:
    """A LaTeX list of quotes: content lines ``first`` (``\\begin``) to ``last`` (``\\end``)."""

    first: int
    last: int
    marker: str  # the reST list marker
    spans: tuple[MacroSpan, ...]


def is_item(content: str, span: MacroSpan) -> bool:
    """Whether ``span`` follows ``\\item`` and nothing else on its line."""
    line_start = content.rfind("\n", 0, span.start) + 1
    return bool(_ITEM.match(content[line_start : span.start]))


def _enclosing_begin(lines: list[str], line: int) -> tuple[int, str] | None:
    """The line and environment of the ``\\begin{itemize|enumerate}`` around ``line``."""
    depth = 0
    for index in range(line - 1, -1, -1):
        depth += len(_ANY_END.findall(lines[index])) - len(_ANY_BEGIN.findall(lines[index]))
        if depth < 0:
            begin = _BEGIN.match(lines[index])
            return (index, begin.group("env")) if begin and depth == -1 else None
    return None


def _matching_end(lines: list[str], begin: int, env: str) -> int | None:
    depth = 0
    for index in range(begin, len(lines)):
        depth += len(_ANY_BEGIN.findall(lines[index])) - len(_ANY_END.findall(lines[index]))
        if depth == 0:
            end = _END.match(lines[index])
            return index if end and end.group("env") == env else None
    return None


def quote_list(
    content: str, spans: list[MacroSpan], span: MacroSpan, line_of: dict[int, int]
) -> QuoteList:
    """The list around the item quote ``span``; raises ``Refusal`` saying why it cannot be one."""
    lines = content.split("\n")
    here = content.count("\n", 0, span.start)
    opened = _enclosing_begin(lines, here)
    end = _matching_end(lines, opened[0], opened[1]) if opened else None
    if opened is None or end is None:
        raise Refusal(
            "\\item \\configfile outside an itemize or enumerate that this raw block opens "
            f"and closes on lines of their own ({_MOVE_IT})",
            line_of[span.start],
        )
    begin, env = opened
    inside = [s for s in spans if begin < content.count("\n", 0, s.start) < end]
    covered = _item_lines(content, inside, line_of, line_of[span.start])
    for index in range(begin + 1, end):
        if index not in covered and not _BARE.match(lines[index]):
            raise Refusal(
                f"the list around \\item \\configfile holds other LaTeX (line "
                f"{line_of[span.start] + index - here}); only a list of quotes alone becomes "
                f"a reST list ({_MOVE_IT})",
                line_of[span.start],
            )
    return QuoteList(begin, end, _MARKERS[env], tuple(inside))


def _item_lines(
    content: str, items: list[MacroSpan], line_of: dict[int, int], line: int
) -> set[int]:
    """The content lines the list's items take; raises ``Refusal`` for one that is no quote."""
    covered: set[int] = set()
    for item in items:
        after = content[item.end :].split("\n", 1)[0]
        quote = isinstance(item.macro, LegacyQuote) and is_item(content, item)
        if not quote or not _BARE.match(after):
            raise Refusal(
                f"the list around \\item \\configfile holds more than quotes (line "
                f"{line_of[item.start]}); only a list of quotes alone becomes a reST list "
                f"({_MOVE_IT})",
                line,
            )
        first, last = content.count("\n", 0, item.start), content.count("\n", 0, item.end)
        covered.update(range(first, last + 1))
    return covered


def list_lines(quotes: QuoteList, indent: str) -> list[str]:
    """The reST list: one item per quote, each holding its directive."""
    out: list[str] = []
    for span in quotes.spans:
        item = directive_lines(span.macro, indent + " " * len(quotes.marker))
        item[0] = indent + quotes.marker + item[0].lstrip()
        out += ([""] if out else []) + item
    return out


def _neighbour_is_item(lines: list[str], index: int, step: int, indent: str) -> bool:
    """Whether the nearest line at ``indent`` or less from ``index`` on is a list item there."""
    while 0 <= index < len(lines):
        line = lines[index]
        if line.strip() and len(line) - len(line.lstrip(" \t")) <= len(indent):
            return line.startswith(indent) and bool(LIST_MARKER.match(line[len(indent) :]))
        index += step
    return False


def kept_apart(
    replacement: list[str], lines: list[str], first: int, last: int, indent: str
) -> list[str]:
    """``replacement`` for ``lines[first:last + 1]``, kept apart from a list beside it.

    A list it starts or ends with would join a reST list of the same kind
    right beside it (docutils reads adjacent items as one list); an empty
    comment (``..``) between them ends the other list, as the raw block did.
    """
    out = list(replacement)
    if LIST_MARKER.match(out[0]) and _neighbour_is_item(lines, first - 1, -1, indent):
        out = [f"{indent}..", "", *out]
    if _ends_with_list(out, indent) and _neighbour_is_item(lines, last + 1, 1, indent):
        out = [*out, "", f"{indent}.."]
    return out


def _ends_with_list(lines: list[str], indent: str) -> bool:
    starts = [line for line in lines if line.strip() and not line[len(indent) :].startswith(" ")]
    return bool(starts) and bool(LIST_MARKER.match(starts[-1][len(indent) :]))
