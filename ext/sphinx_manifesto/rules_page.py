"""Sphinx extension: ``.. manifesto-rules::`` renders every rule's documentation.

The guide's appendix uses it, so the page always matches the rules the
checker runs: it is the same text as ``manifesto rules --format rst``.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles
from tls_manifesto.report.rst import render_rule_sections
from tls_manifesto.rules import ALL_RULES


class ManifestoRulesDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        text = render_rule_sections(ALL_RULES)
        container = nodes.section()
        container.document = self.state.document
        source = "<manifesto rules>"
        content = StringList(text.splitlines(), source=source)
        nested_parse_with_titles(self.state, content, container)
        return container.children


def setup_rules_page(app: Sphinx) -> None:
    app.add_directive("manifesto-rules", ManifestoRulesDirective)
