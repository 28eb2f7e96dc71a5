"""Footnotes in a listing's caption go to the page foot, as ``code-block``'s do.

With ``latex_show_urls = 'footnote'`` a link in a caption gets a footnote.
Sphinx moves the footnotes of a ``caption`` out of it (a mark in the
caption, the text after it), but it knows only its own caption node: in
ours the whole footnote was typeset inside the caption, between the caption
and the code. This transform does for our caption what Sphinx does for
``caption``, after ``ShowUrlsTransform`` (400) made the footnotes and before
``LaTeXFootnoteTransform`` (600) handles the rest.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.builders.latex.nodes import footnotemark, footnotetext
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_configfile.excerpt.nodes import configfile_caption


class CaptionFootnotesToPageFoot(SphinxPostTransform):
    default_priority = 590
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for caption in list(self.document.findall(configfile_caption)):
            listing = caption.parent
            position = listing.index(caption)
            for reference in list(caption.findall(nodes.footnote_reference)):
                footnote = self.document.ids.get(reference.get("refid", ""))
                if not isinstance(footnote, nodes.footnote):
                    continue
                mark = footnotemark("", reference.astext().strip(), refid=reference["refid"])
                reference.replace_self(mark)
                footnote.parent.remove(footnote)
                # Kept in the listing, which writes it right after the caption
                # setup, as Sphinx writes a code-block's: the caption and the
                # footnote text then start on the same page.
                position += 1
                listing.insert(position, footnotetext("", *footnote.children, ids=footnote["ids"]))
