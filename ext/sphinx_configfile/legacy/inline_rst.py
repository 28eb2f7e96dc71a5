"""Inline reST parsed outside a directive, as a directive's ``state.inline_text`` parses it.

The legacy bridge makes listings in a transform, after the page was parsed,
so it has no parser state to ask. docutils' ``Inliner`` is what that state
uses; it needs the document and a memo like the one ``RSTStateMachine.run``
builds, nothing else.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import languages
from docutils.parsers.rst.states import Inliner
from docutils.utils import Reporter


class _Memo:
    """What ``Inliner.parse`` reads of the state machine's memo (docutils 0.20 to 0.22).

    docutils has no public way to parse inline markup without a state
    machine: ``Inliner.parse`` takes the memo ``RSTStateMachine.run`` builds,
    an undocumented object. ``parse`` reads ``document``, ``reporter`` and
    ``language``; the rest mirrors ``run`` for roles that look further. Should
    docutils read more, tests/configfile/legacy/test_caption_rst.py (every kind of
    caption piece parsed back through here) fails with an AttributeError.
    """

    def __init__(self, document: nodes.document, inliner: Inliner) -> None:
        self.document = document
        self.reporter: Reporter = document.reporter
        self.language = languages.get_language(document.settings.language_code, document.reporter)
        self.title_styles: list[str] = []
        self.section_level = 0
        self.section_bubble_up_kludge = False
        self.inliner = inliner


def parse_inline(
    document: nodes.document, text: str, lineno: int, parent: nodes.Element
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """(inline nodes, system messages) of ``text``, as a directive would get them."""
    inliner = Inliner()
    inliner.init_customizations(document.settings)
    return inliner.parse(text, lineno, _Memo(document, inliner), parent)
