"""The listing node written out: HTML, LaTeX, text, and the code-block shape for other builders."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from sphinx_configfile.excerpt.nodes import configfile_listing, reference_title
from sphinx_configfile.writers import html, latex, text
from sphinx_configfile.writers.fallback import StandardListingShape, note_builder
from sphinx_configfile.writers.latex_footnotes import CaptionFootnotesToPageFoot

STATIC_DIR = str(Path(__file__).parent.parent / "static")


def _add_static_dir(app: Sphinx, config: Config) -> None:
    # At config-inited, before the environment compares this build's config
    # with the last one: changed later (builder-inited), a list would differ
    # from the pickled one on every build and Sphinx would report
    # "The configuration has changed (html_static_path)".
    if STATIC_DIR not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, STATIC_DIR]


def setup_writers(app: Sphinx) -> None:
    app.add_enumerable_node(
        configfile_listing,
        "code-block",
        reference_title,
        html=(html.visit_listing, html.depart_listing),
        latex=(latex.visit_listing, latex.depart_listing),
        text=(text.visit_listing, text.depart_listing),
    )
    app.add_post_transform(StandardListingShape)
    app.add_post_transform(text.ListingNumberReferences)
    app.add_post_transform(CaptionFootnotesToPageFoot)
    app.add_css_file("configfile.css")
    app.connect("config-inited", _add_static_dir)
    app.connect("builder-inited", note_builder)
    app.connect("doctree-resolved", html.warm_caches)
