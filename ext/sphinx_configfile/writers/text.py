"""Plain-text rendering of a listing: numbered lines, gaps marked, as a literal block."""

from __future__ import annotations

from typing import Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import StandardDomain
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.text import TextTranslator

from sphinx_configfile.evidence.marks import evidence_of, reason_texts, verdict_text
from sphinx_configfile.excerpt.nodes import caption_text, configfile_listing, numbered_text
from sphinx_configfile.state.quotes import quotes_of


def visit_listing(self: TextTranslator, node: configfile_listing) -> None:
    self.new_state(0)
    self.add_text(caption_text(node))
    self.end_state()
    self.new_state()
    self.add_text(numbered_text(node))
    self.end_state(wrap=False)
    evidence = evidence_of(node)
    if evidence is not None:
        self.new_state(0)
        self.add_text(verdict_text(evidence, reason_texts(node)))
        self.end_state()
    raise nodes.SkipNode


def _listing_label_ids(env: BuildEnvironment) -> set[str]:
    """The ids that ``:numref:`` resolves to for named listings."""
    labels = cast(StandardDomain, env.get_domain("std")).labels
    names = {
        nodes.fully_normalize_name(record.name)
        for records in quotes_of(env).values()
        for record in records
        if record.name
    }
    return {labels[name][1] for name in names if name in labels}


class ListingNumberReferences(SphinxPostTransform):
    """``:numref:`` to a listing as its resolved text ("Listing 3").

    Sphinx's text writer prints a number reference's ``title``, the format
    string ("Listing %s"). Only references to listings get their text as
    title: the writer's visitor stays Sphinx's, so other numrefs, and any
    extension that renders them, are left as they were.
    """

    builders = ("text",)
    default_priority = 20  # after ReferencesResolver (10) has made the references

    def run(self, **kwargs: Any) -> None:
        listing_ids = _listing_label_ids(self.env)
        for reference in self.document.findall(addnodes.number_reference):
            target = reference.get("refid") or reference.get("refuri", "").rpartition("#")[2]
            if target in listing_ids:
                reference["title"] = reference.astext()


def depart_listing(self: TextTranslator, node: configfile_listing) -> None:
    pass
