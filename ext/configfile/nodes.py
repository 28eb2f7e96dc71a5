"""Doctree nodes of the extension: a listing of quoted lines, and the section marker.

``configfile_listing`` subclasses ``literal_block`` on purpose: Sphinx looks
up visitors along the class hierarchy, so every builder without a visitor of
ours (man, texinfo, ...) prints it as a literal block of the quoted lines.
HTML, LaTeX and text get their own visitors, which add the line numbers.
The node's text is the config text alone, as for ``literalinclude``: the
search index should learn config words, not thousands of line numbers.
"""

from __future__ import annotations

from docutils import nodes


class configfile_listing(nodes.literal_block):  # noqa: N801 - docutils node naming
    """Quoted lines of one config.

    Attributes: ``config`` (absolute path), ``language``, ``numbers`` (the
    quoted line numbers in quote order); the text holds the quoted lines.
    """


class configfile_caption_body(nodes.inline):  # noqa: N801
    """Caption text "title (path)"; HTML links the path to the whole file.

    Attributes: ``title`` (or None), ``relpath``, ``refuri`` (the base-URL link,
    or None to link a copy in the HTML output). One node instead of a
    title, a reference and a literal: thousands of quotes make every node count.
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
    for number, text in zip(node["numbers"], listing_lines(node), strict=True):
        label = gap_label(previous, number) if previous is not None else None
        if label is not None:
            out.append(f"{'':>{width}}  {label}")
        out.append(f"{number:>{width}}  {text}".rstrip())
        previous = number
    return "\n".join(out)


def make_caption_body(
    title: str | None, relpath: str, refuri: str | None
) -> configfile_caption_body:
    text = f"{title} ({relpath})" if title else relpath
    return configfile_caption_body(text, text, title=title, relpath=relpath, refuri=refuri)


def make_listing(
    config: str, language: str, numbers: list[int], texts: list[str]
) -> configfile_listing:
    text = "\n".join(texts)
    node = configfile_listing(text, text)
    node["config"] = config
    node["language"] = language
    node["numbers"] = numbers
    return node


def listing_lines(node: configfile_listing) -> list[str]:
    """The quoted texts, one per number (kept once, as the node's text)."""
    return node.astext().split("\n") if node["numbers"] else []


def segments(node: configfile_listing) -> list[list[tuple[int, str]]]:
    """The quoted lines split into runs of consecutive numbers."""
    runs: list[list[tuple[int, str]]] = []
    for number, text in zip(node["numbers"], listing_lines(node), strict=True):
        if runs and runs[-1][-1][0] + 1 == number:
            runs[-1].append((number, text))
        else:
            runs.append([(number, text)])
    return runs
