"""Doctree nodes of the extension: a listing of quoted lines, and the section marker.

A quote is ONE node: ``configfile_listing`` carries its caption as
attributes and is registered as an enumerable node of figure type
``code-block``, so numfig, ``:numref:`` and ``:ref:`` treat it like a
captioned code block. A guide has thousands of quotes and every Sphinx
transform walks every node; the container + caption + literal block shape of
``code-block`` cost about a tenth of the build here.

It subclasses ``literal_block`` so that writers without a visitor of ours
still print the quoted lines; ``fallback.py`` gives those writers the
standard captioned shape. HTML, LaTeX and text have their own visitors,
which add the line numbers. The node's text is the config text alone, as
for ``literalinclude``: the search index should learn config words, not
thousands of line numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes
from sphinx import addnodes


class configfile_listing(nodes.literal_block, addnodes.translatable):  # noqa: N801 - docutils naming
    """Quoted lines of one config.

    Attributes: ``config`` (absolute path), ``language``, ``numbers`` (the
    quoted line numbers in quote order), ``title`` (caption title or None),
    ``relpath`` (path under the configs root), ``config_url`` (the base-URL
    link or None; not ``refuri``, which Sphinx reads as "external link").
    The text holds the quoted lines.

    Translation: the caption title is a message (gettext puts it in the
    ``.pot``, the Locale transform translates it): that of the parsed
    caption child when there is one (like a ``code-block`` caption), else
    the node's own (like a ``toctree`` caption). The quoted lines are config
    text and never a message, whatever ``gettext_additional_targets`` says.
    """

    def preserve_original_messages(self) -> None:
        if self.get("title"):
            self.setdefault("rawtitle", self["title"])

    def apply_translated_message(self, original_message: str, translated_message: str) -> None:
        if self.get("rawtitle", self.get("title")) == original_message:
            self.setdefault("rawtitle", self["title"])
            self["title"] = translated_message

    def extract_original_messages(self) -> list[str]:
        # A parsed caption (configfile_caption) is a message of its own, with
        # its reST source as msgid, translated like a code-block caption.
        if caption_of(self) is not None:
            return []
        title = self.get("rawtitle", self.get("title"))
        return [title] if title else []


class configfile_caption(nodes.Part, nodes.TextElement):  # noqa: N801 - docutils node naming
    """A listing's caption title as parsed inline reST (literals, links, roles).

    The first child of a ``configfile_listing`` whose caption has one; it is
    part of the doctree, so Sphinx resolves the references in it. Writers
    render its children; ``title`` keeps its plain text.
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
    for run in listing_runs(node):
        if run.gap is not None:
            out.append(f"{'':>{width}}  {run.gap}")
        out.extend(f"{number:>{width}}  {text}".rstrip() for number, text in run.lines)
    return "\n".join(out)


def plain_title(node: configfile_listing) -> str | None:
    """The caption title as plain text, translated when the page is (from the parsed caption)."""
    caption = caption_of(node)
    return caption.astext() if caption is not None else node.get("title")


def caption_text(node: configfile_listing) -> str:
    """The caption as plain text, "title (path)", as the text and other writers print it."""
    title = plain_title(node)
    return f"{title} ({node['relpath']})" if title else node["relpath"]


def reference_title(node: configfile_listing) -> str:
    """What ``:ref:`` to a listing shows: its caption title, else its path."""
    return plain_title(node) or node["relpath"]


def caption_of(node: configfile_listing) -> configfile_caption | None:
    """The parsed caption title, when the listing has one."""
    return next((c for c in node.children if isinstance(c, configfile_caption)), None)


def render_children(translator: nodes.NodeVisitor, node: nodes.Element) -> str:
    """What ``translator`` writes for ``node``'s children, kept out of its body."""
    outer, translator.body = translator.body, []
    try:
        for child in node.children:
            child.walkabout(translator)
        return "".join(translator.body)
    finally:
        translator.body = outer


def attach_caption(listing: configfile_listing, title: str, inline: list[nodes.Node]) -> None:
    """Give ``listing`` its caption title parsed as inline reST (``inline``, from ``title``)."""
    caption = configfile_caption(title, "", *inline)
    # With a source, the caption is a message gettext and Locale handle.
    caption.source, caption.line = listing.source, listing.line
    listing.insert(0, caption)
    listing["title"] = caption.astext()  # plain text for :ref: and the text builder


def make_listing(
    config: str,
    language: str,
    numbers: list[int],
    texts: list[str],
    *,
    title: str | None,
    relpath: str,
    config_url: str | None,
) -> configfile_listing:
    text = "\n".join(texts)
    node = configfile_listing(text, text)
    node["config"] = config
    node["language"] = language
    node["numbers"] = numbers
    node["title"] = title
    node["relpath"] = relpath
    node["config_url"] = config_url
    return node


def listing_lines(node: configfile_listing) -> list[str]:
    """The quoted texts, one per number (kept once, as the node's text)."""
    if not node["numbers"]:
        return []
    text = "".join(child.astext() for child in node.children if isinstance(child, nodes.Text))
    return text.split("\n")


@dataclass(frozen=True)
class ListingRun:
    """Quoted lines with consecutive numbers, and the gap label printed before them."""

    gap: str | None  # None for the first run
    lines: list[tuple[int, str]]


def listing_runs(node: configfile_listing) -> list[ListingRun]:
    """The quoted lines as every writer prints them: runs of consecutive numbers, gaps between."""
    runs: list[ListingRun] = []
    previous: int | None = None
    for number, text in zip(node["numbers"], listing_lines(node), strict=True):
        gap = gap_label(previous, number) if previous is not None else None
        if not runs or gap is not None:
            runs.append(ListingRun(gap, []))
        runs[-1].lines.append((number, text))
        previous = number
    return runs
