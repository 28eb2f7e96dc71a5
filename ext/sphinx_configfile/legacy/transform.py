"""The bridge for the guide's old raw-LaTeX form of quoting a config.

Pages converted from the LaTeX original by pandoc hold the old macros as raw
LaTeX, which only the LaTeX writer would print and no HTML reader would
ever see: a ``:raw-latex:`\\configfile{...}{...}{...}``` role on a line of
its own, or a ``.. raw:: latex`` block that may hold several macros among
other LaTeX (``\\begin{itemize*}``, ``\\gdef\\currentsectionname{Mail}``).
This transform finds every macro in both forms (``legacy_syntax``) and puts
the same listing node the ``configfile`` directive builds where it stood,
so an unmigrated page renders in every format. The other LaTeX of a role or
block stays raw LaTeX, in its place, for the LaTeX writer only.
``configfile migrate`` removes the need for all this.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from sphinx_configfile.excerpt.nodes import attach_caption, configfile_section_marker
from sphinx_configfile.legacy.inline_rst import parse_inline
from sphinx_configfile.legacy.syntax import (
    LegacyQuote,
    LegacySection,
    LegacySyntaxError,
    MacroSpan,
    find_macros,
)
from sphinx_configfile.quoting.directive import ConfigfileError, build_listing, enclosing_subsection

logger = logging.getLogger(__name__)


def _is_latex_raw(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and "latex" in node.get("format", "").split()


def raw_node_line(node: nodes.raw) -> int | None:
    """The source line where a role starts.

    Inline nodes carry the line of their paragraph's first line, so we add
    the line breaks in the paragraph's source before the role.
    """
    paragraph = node.parent
    if isinstance(paragraph, nodes.paragraph) and paragraph.line is not None:
        offset = paragraph.rawsource.find(node.rawsource) if node.rawsource else -1
        if offset >= 0:
            return paragraph.line + paragraph.rawsource[:offset].count("\n")
        return paragraph.line
    return node.line


def block_content_line(node: nodes.raw, source_lines: list[str] | None) -> int | None:
    """The source line of a ``.. raw:: latex`` block's first content line.

    docutils gives the block the line of its directive; the content starts
    after the option lines and the blank line. Without the source (text made
    by another extension) the directive line stands in.
    """
    if node.line is None or source_lines is None:
        return node.line
    index = node.line  # 0-based index of the line after the directive
    while index < len(source_lines):
        stripped = source_lines[index].strip()
        if stripped and not stripped.startswith(":"):
            return index + 1
        index += 1
    return node.line


class LegacyConfigfileTransform(SphinxTransform):
    """Turn every ``\\configfile`` in raw LaTeX into a configfile listing."""

    # Before Sphinx's Locale transform (20): the config path comes from the
    # untranslated section title, as for the directive (which runs while the
    # page is parsed), and the caption is then translated like the
    # directive's. Also before AutoNumbering (210), which gives captioned
    # listings the ids that numbering and cross-references need.
    default_priority = 15

    def apply(self, **kwargs: object) -> None:
        self.section: str | None = None
        self.fixed_subsection: str | None = None
        self._sources: dict[str, list[str] | None] = {}
        for node in list(self.document.findall(_is_section_source)):
            if isinstance(node, configfile_section_marker):
                self.section, self.fixed_subsection = node.get("section"), node.get("subsection")
            else:
                self._bridge(node)

    def _bridge(self, node: nodes.raw) -> None:
        text = node.astext()
        errors: list[LegacySyntaxError] = []
        spans = find_macros(text, errors)
        if not spans and not errors:
            return  # other raw LaTeX: left as it is, for the LaTeX writer
        inline = isinstance(node.parent, nodes.TextElement)
        source = raw_node_source(node, self.document)
        if raw_file(node) is not None:
            first_line: int | None = 1  # the block's text is the whole file
        elif inline:
            first_line = raw_node_line(node)
        else:
            first_line = self._block_line(node, source)
        for error in errors:
            self._warn(str(error), source, _line_at(first_line, text, error.offset))
        if not spans:
            return
        if inline and not isinstance(node.parent, nodes.paragraph):
            self._warn(
                "\\configfile can only stand in a paragraph or a raw block (move it there)",
                source,
                first_line,
            )
            return
        pieces = self._pieces(node, text, spans, source, first_line)
        if inline:
            replace_inline_with_pieces(node, pieces)
        else:
            # Not replace_self(): it refuses to drop a block's "classes", which
            # its LaTeX pieces carry on.
            parent = node.parent
            index = parent.index(node)
            parent[index : index + 1] = pieces

    def _pieces(
        self,
        node: nodes.raw,
        text: str,
        spans: list[MacroSpan],
        source: str,
        first_line: int | None,
    ) -> list[nodes.Node]:
        """The raw LaTeX around the macros, in order, with a listing for each quote."""
        pieces: list[nodes.Node] = []
        position = 0
        for span in spans:
            pieces.extend(_other_latex(node, text[position : span.start]))
            position = span.end
            if isinstance(span.macro, LegacySection):
                self.section, self.fixed_subsection = span.macro.name, None
                continue
            line = _line_at(first_line, text, span.start)
            listing = self._listing(node, span.macro, source, line)
            if listing is not None:
                pieces.append(listing)
        pieces.extend(_other_latex(node, text[position:]))
        return pieces

    def _listing(
        self, node: nodes.raw, quote: LegacyQuote, source: str, line: int | None
    ) -> nodes.Node | None:
        try:
            listing = build_listing(
                self.env,
                docname=self.env.docname,
                source=source,
                lineno=line or 0,
                argument=quote.argument,
                lines_option=quote.ranges or None,  # empty: the whole file
                caption=quote.caption or None,
                name=quote.name,
                language=quote.language,
                section=self.section,
                subsection=self.fixed_subsection or enclosing_subsection(node),
                document=self.document,
                origin="legacy",
            )
        except ConfigfileError as exc:
            self._warn(str(exc), source, line)
            return None
        if quote.caption:
            # The caption is inline reST (see caption_rst), read as the directive reads its own.
            inline, messages = parse_inline(self.document, quote.caption, line or 0, listing)
            attach_caption(listing, quote.caption, inline)
            for message in messages:
                self._warn(f"caption: {message.astext()}", source, line)
        return listing

    def _block_line(self, node: nodes.raw, source: str) -> int | None:
        if source not in self._sources:
            try:
                self._sources[source] = Path(source).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError, TypeError):
                self._sources[source] = None
        return block_content_line(node, self._sources[source])

    def _warn(self, message: str, source: str, line: int | None) -> None:
        # The file the text is in (an included file, not the page that includes
        # it), by its absolute path as Sphinx names pages and as the directive's
        # warnings do: docutils names an included file relative to the working
        # directory, so the name depended on where the checkout was.
        absolute = os.path.abspath(source)
        location = f"{absolute}:{line}" if line else absolute
        logger.warning("%s", message, location=location, type="configfile", subtype="legacy")


def raw_file(node: nodes.raw) -> str | None:
    """The file a ``.. raw:: latex`` block with ``:file:`` read its text from, absolute.

    docutils keeps the page as the node's source and the directive's line as
    its line, and names the file in the "source" attribute, relative to the
    working directory (``:url:`` puts a URL there, which is no file).
    """
    named = node.get("source")
    if not named or "://" in named:
        return None
    return str(Path(named).resolve())


def raw_node_source(node: nodes.raw, document: nodes.document) -> str:
    """The file that holds ``node``'s text: a ``:file:``, an included file, or the page.

    docutils gives a role's and a block's node the source of the text it was
    read from, also inside ``.. include::``; a node another extension made may
    have none, and then its nearest ancestor's (or the page's) stands in.
    """
    return raw_file(node) or node.source or get_source_line(node)[0] or document["source"]


def _line_at(first_line: int | None, text: str, offset: int) -> int | None:
    return None if first_line is None else first_line + text.count("\n", 0, offset)


def _other_latex(node: nodes.raw, latex: str) -> list[nodes.raw]:
    """A raw node like ``node`` for LaTeX between macros; none for white space alone."""
    if not latex.strip():
        return []
    piece = nodes.raw(latex, latex, format=node["format"], classes=list(node["classes"]))
    piece.source, piece.line = node.source, node.line
    return [piece]


def _has_content(children: list[nodes.Node]) -> bool:
    return any(not isinstance(child, nodes.Text) or child.astext().strip() for child in children)


def replace_inline_with_pieces(raw: nodes.raw, pieces: list[nodes.Node]) -> None:
    """Put ``pieces`` where the role ``raw`` was, splitting its paragraph at each listing.

    A listing is a body element; leaving it inside a paragraph would give
    ``<p><div>`` in HTML and a broken paragraph in LaTeX. Text before and
    after the role, and raw LaTeX between listings, stay in paragraphs of
    their own.
    """
    paragraph = raw.parent
    index = paragraph.index(raw)
    blocks: list[nodes.Node] = []
    inline: list[nodes.Node] = list(paragraph.children[:index])
    for piece in pieces:
        if isinstance(piece, nodes.raw):
            inline.append(piece)
            continue
        if _has_content(inline):
            blocks.append(_paragraph_from(paragraph, inline))
        inline = []
        blocks.append(piece)
    inline.extend(paragraph.children[index + 1 :])
    if _has_content(inline):
        blocks.append(_paragraph_from(paragraph, inline))
    paragraph.replace_self(blocks)


def _paragraph_from(original: nodes.paragraph, children: list[nodes.Node]) -> nodes.paragraph:
    piece = nodes.paragraph("", "", *children)
    piece.source, piece.line = original.source, original.line
    return piece


def _is_section_source(node: nodes.Node) -> bool:
    """Nodes that set the current section, and raw LaTeX that may quote a config."""
    return _is_latex_raw(node) or isinstance(node, configfile_section_marker)
