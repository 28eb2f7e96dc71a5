"""The standard captioned code-block shape for writers we have no visitor for.

man, texinfo, XML and the like know ``container > caption + literal_block``
(what ``code-block`` makes); given that, they print the caption too. HTML,
LaTeX and text render ``configfile_listing`` themselves and keep it whole.
``linkcheck`` gets this shape too, so the caption's link to the config
(``configfile_base_url``) is a reference node it checks.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import I18nBuilder
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_configfile.excerpt.nodes import (
    caption_of,
    caption_text,
    configfile_listing,
    numbered_text,
    plain_title,
)
from sphinx_configfile.slots import Slot

OWN_VISITOR_FORMATS = ("html", "latex", "text")
# On the environment: whether this build's writer needs the standard shape.
STANDARD_SHAPE = Slot[bool]("configfile_standard_shape")


def note_builder(app: Sphinx) -> None:
    """``builder-inited``: whether this build's writer needs the standard shape.

    A post-transform has no public way to see the builder (Sphinx reads its
    own private ``env._builder_cls``; ``SphinxTransform.app`` is deprecated
    since 9.0), so the answer is noted on the environment, where it can look.
    """
    builder = app.builder
    # gettext collects the caption from the listing itself (a translatable node).
    translating = isinstance(builder, I18nBuilder)
    STANDARD_SHAPE.set(app.env, not translating and builder.format not in OWN_VISITOR_FORMATS)


class StandardListingShape(SphinxPostTransform):
    default_priority = 10

    def is_supported(self) -> bool:
        return STANDARD_SHAPE.get(self.env) or False

    def run(self, **kwargs: Any) -> None:
        for listing in list(self.document.findall(configfile_listing)):
            text = numbered_text(listing)
            block = nodes.literal_block(text, text, language="none")
            container = nodes.container("", _caption(listing), block, literal_block=True)
            container["classes"] = ["literal-block-wrapper", *listing["classes"]]
            container["ids"] = listing["ids"]
            container.source, container.line = listing.source, listing.line
            listing.replace_self(container)


def _title_nodes(listing: configfile_listing) -> list[nodes.Node]:
    """The caption title as its parsed nodes (literals, links, roles), else as text.

    Nodes, not ``astext()``: man, texinfo and XML print a link in the title
    as a link, and ``linkcheck`` checks it.
    """
    caption = caption_of(listing)
    if caption is not None:
        return [child.deepcopy() for child in caption.children]
    title = plain_title(listing)
    return [nodes.Text(title)] if title else []


def _caption(listing: configfile_listing) -> nodes.caption:
    """The caption "title (path)", the path a link when ``configfile_base_url`` gives one.

    A ``reference`` node, not only text: writers print it as a link, and the
    ``linkcheck`` builder, which collects reference nodes, checks it.
    """
    relpath = listing["relpath"]
    url = listing.get("config_url")
    path: nodes.Node = nodes.Text(relpath)
    if url:
        path = nodes.reference(relpath, "", nodes.literal(relpath, relpath), refuri=url)
    title = _title_nodes(listing)
    parts = [*title, nodes.Text(" ("), path, nodes.Text(")")] if title else [path]
    caption = nodes.caption(caption_text(listing), "", *parts)
    caption.source, caption.line = listing.source, listing.line
    return caption
