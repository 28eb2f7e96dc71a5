"""The bridge for the guide's old raw-LaTeX form of quoting a config.

The guide was converted from LaTeX, where a listing was the macro
``\\configfile{file}{ranges}{caption}`` and the chapter set
``\\gdef\\currentsectionname{IM}``. The conversion kept both as
``:raw-latex:`...``` roles, which only the LaTeX writer would print and no
HTML reader would ever see. This module recognises them and builds the
same listing node the ``configfile`` directive builds, so an unmigrated
page renders in every format; ``configfile migrate`` removes the need.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

QUOTE_MACRO = "\\configfile"
SECTION_MACRO = "\\gdef\\currentsectionname"


@dataclass(frozen=True)
class LegacyQuote:
    """``\\configfile{argument}{ranges}{caption}``."""

    argument: str
    ranges: str
    caption: str


@dataclass(frozen=True)
class LegacySection:
    """``\\gdef\\currentsectionname{name}``: the chapter's directory under the configs root."""

    name: str


class LegacySyntaxError(ValueError):
    """A ``\\configfile`` usage we cannot read; the message says what to fix."""


def read_brace_group(text: str, start: int) -> tuple[str, int]:
    """The content of the ``{...}`` opening at ``start`` and the index after it."""
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2  # an escaped brace \{ or \} does not nest
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : index], index + 1
        index += 1
    raise LegacySyntaxError("unbalanced braces: a '{' is never closed (add the missing '}')")


def _read_brace_groups(text: str) -> tuple[list[str], str]:
    """Consecutive ``{...}`` groups at the start of ``text`` and what follows them."""
    groups: list[str] = []
    index = 0
    while True:
        while index < len(text) and text[index].isspace():
            index += 1
        if index < len(text) and text[index] == "{":
            group, index = read_brace_group(text, index)
            groups.append(group)
            continue
        if index < len(text) and text[index] == "}":
            raise LegacySyntaxError("unbalanced braces: a '}' closes nothing (remove it)")
        return groups, text[index:]


def parse_legacy_macro(latex: str) -> LegacyQuote | LegacySection | None:
    """Recognise one raw-LaTeX snippet; ``None`` if it is some other LaTeX."""
    text = latex.strip()
    if text.startswith(SECTION_MACRO):
        groups, rest = _read_brace_groups(text[len(SECTION_MACRO) :])
        if len(groups) != 1 or rest.strip():
            raise LegacySyntaxError(
                f"{SECTION_MACRO} takes exactly one {{name}} argument and nothing after it"
            )
        return LegacySection(groups[0].strip())
    if QUOTE_MACRO not in text:
        return None
    if not text.startswith(QUOTE_MACRO + "{") and not text.startswith(QUOTE_MACRO + " "):
        raise LegacySyntaxError(
            f"unrecognised {QUOTE_MACRO} usage (write it alone: "
            f"{QUOTE_MACRO}{{file}}{{ranges}}{{caption}})"
        )
    groups, rest = _read_brace_groups(text[len(QUOTE_MACRO) :])
    if len(groups) != 3 or rest.strip():
        found = f"{len(groups)} argument(s)" + (" and trailing text" if rest.strip() else "")
        raise LegacySyntaxError(
            f"{QUOTE_MACRO} takes 3 arguments {{file}}{{ranges}}{{caption}}, found {found}"
        )
    argument, ranges, caption = groups
    # The caption may be wrapped onto a new line inside its braces (as the
    # 2.1.10 listing is); LaTeX reads that newline as a space.
    return LegacyQuote(argument.strip(), "".join(ranges.split()), " ".join(caption.split()))


def _is_latex_raw(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and "latex" in node.get("format", "").split()


def raw_node_line(node: nodes.raw) -> int | None:
    """The source line where the role starts.

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


def _has_content(children: list[nodes.Node]) -> bool:
    return any(not isinstance(child, nodes.Text) or child.astext().strip() for child in children)


def replace_inline_with_block(raw: nodes.raw, block: nodes.Element) -> None:
    """Put ``block`` where ``raw`` was, splitting its paragraph around it.

    A listing is a body element; leaving it inside a paragraph would give
    ``<p><div>`` in HTML and a broken paragraph in LaTeX. Text before and
    after the role stays, each part as its own paragraph.
    """
    paragraph = raw.parent
    index = paragraph.index(raw)
    before, after = paragraph.children[:index], paragraph.children[index + 1 :]
    pieces: list[nodes.Node] = []
    if _has_content(before):
        pieces.append(_paragraph_from(paragraph, before))
    pieces.append(block)
    if _has_content(after):
        pieces.append(_paragraph_from(paragraph, after))
    paragraph.replace_self(pieces)


def _paragraph_from(original: nodes.paragraph, children: list[nodes.Node]) -> nodes.paragraph:
    piece = nodes.paragraph("", "", *children)
    piece.source, piece.line = original.source, original.line
    return piece


class LegacyConfigfileTransform(SphinxTransform):
    """Turn ``:raw-latex:`\\configfile{...}{...}{...}``` into a configfile listing."""

    # Before Sphinx's AutoNumbering (210), which gives captioned listings the
    # ids that numbering and cross-references need, exactly as it does for
    # the directive's listings.
    default_priority = 205

    def apply(self, **kwargs: object) -> None:
        from sphinx_configfile.directive import ConfigfileError, build_listing, enclosing_subsection

        section: str | None = None
        fixed_subsection: str | None = None
        for node in list(self.document.findall(_is_section_source)):
            if not _is_latex_raw(node):  # a configfile-section marker
                section, fixed_subsection = node.get("section"), node.get("subsection")
                continue
            lineno = raw_node_line(node)
            location = (self.env.docname, lineno)
            try:
                macro = parse_legacy_macro(node.astext())
            except LegacySyntaxError as exc:
                logger.warning("%s", exc, location=location, type="configfile", subtype="legacy")
                continue
            if isinstance(macro, LegacySection):
                section, fixed_subsection = macro.name, None
                continue
            if macro is None:
                continue
            if not isinstance(node.parent, nodes.paragraph):
                logger.warning(
                    "\\configfile can only stand in a paragraph (move it to its own line)",
                    location=location,
                    type="configfile",
                    subtype="legacy",
                )
                continue
            try:
                listing = build_listing(
                    self.env,
                    docname=self.env.docname,
                    source=node.source or self.document["source"],
                    lineno=lineno or 0,
                    argument=macro.argument,
                    lines_option=macro.ranges,
                    caption=macro.caption,
                    section=section,
                    subsection=fixed_subsection or enclosing_subsection(node),
                    document=self.document,
                    origin="legacy",
                )
            except ConfigfileError as exc:
                logger.warning("%s", exc, location=location, type="configfile", subtype="legacy")
                continue
            replace_inline_with_block(node, listing)


def _is_section_source(node: nodes.Node) -> bool:
    """Nodes that set the current section, and raw LaTeX that may quote a config."""
    return _is_latex_raw(node) or type(node).__name__ == "configfile_section_marker"
