"""Plain-text rendering of a listing: numbered lines, gaps marked, as a literal block."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.writers.text import TextTranslator

from sphinx_configfile.evidence import evidence_of, verdict_text
from sphinx_configfile.nodes import caption_text, configfile_listing, numbered_text


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
        self.add_text(verdict_text(evidence))
        self.end_state()
    raise nodes.SkipNode


def visit_number_reference(self: TextTranslator, node: addnodes.number_reference) -> None:
    """``:numref:`` as its resolved text ("Listing 3"); Sphinx's text writer prints
    the format string ("Listing %s") instead."""
    self.add_text(node.astext())
    raise nodes.SkipNode


def depart_number_reference(self: TextTranslator, node: addnodes.number_reference) -> None:
    pass


def depart_listing(self: TextTranslator, node: configfile_listing) -> None:
    pass
