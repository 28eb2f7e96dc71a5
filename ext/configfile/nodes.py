"""Doctree nodes of the extension: a listing of quoted lines, and the section marker.

``configfile_listing`` subclasses ``literal_block`` on purpose: Sphinx looks
up visitors along the class hierarchy, so every builder without a visitor of
ours (man, texinfo, ...) prints it as a literal block of the quoted lines.
HTML, LaTeX and text get their own visitors, which add the line numbers.
The node's text is the config text alone, as for ``literalinclude``: the
search index should learn config words, not thousands of line numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from configfile.reader import QuotedLine


class configfile_listing(nodes.literal_block):  # noqa: N801 - docutils node naming
    """Quoted lines of one config.

    Attributes: ``config`` (absolute path), ``language``, ``numbers`` and
    ``lines`` (the quoted line numbers and texts, in quote order).
    """


class configfile_section_marker(nodes.Invisible, nodes.Element):  # noqa: N801
    """Where a ``configfile-section`` directive set ``section``/``subsection``.

    Transforms that walk the doctree in order read it; a post-transform
    removes it before any writer sees it.
    """


def gap_label(previous: int, following: int) -> str | None:
    """The text shown between two quoted lines, or ``None`` when they are adjacent."""
    if following == previous + 1:
        return None
    if following <= previous:
        return "\u22ee"  # out-of-order ranges: a bare vertical ellipsis
    first, last = previous + 1, following - 1
    if first == last:
        return f"\u22ee line {first} omitted"
    return f"\u22ee lines {first}\u2013{last} omitted"


def numbered_text(node: configfile_listing) -> str:
    """Plain text of a listing: each line with its original number, gaps marked."""
    width = len(str(max(node["numbers"], default=0)))
    out: list[str] = []
    previous: int | None = None
    for number, text in zip(node["numbers"], node["lines"], strict=True):
        label = gap_label(previous, number) if previous is not None else None
        if label is not None:
            out.append(f"{'':>{width}}  {label}")
        out.append(f"{number:>{width}}  {text}".rstrip())
        previous = number
    return "\n".join(out)


def make_listing(config: str, language: str, quoted: Sequence[QuotedLine]) -> configfile_listing:
    text = "\n".join(line.text for line in quoted)
    node = configfile_listing(text, text)
    node["config"] = config
    node["language"] = language
    node["numbers"] = [line.number for line in quoted]
    node["lines"] = [line.text for line in quoted]
    return node


def segments(node: configfile_listing) -> list[list[tuple[int, str]]]:
    """The quoted lines split into runs of consecutive numbers."""
    runs: list[list[tuple[int, str]]] = []
    for number, text in zip(node["numbers"], node["lines"], strict=True):
        if runs and runs[-1][-1][0] + 1 == number:
            runs[-1].append((number, text))
        else:
            runs.append([(number, text)])
    return runs
