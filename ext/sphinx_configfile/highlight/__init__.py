"""Which Pygments lexer highlights a config, by name and content, and our own ircd.conf lexer."""

from __future__ import annotations

from sphinx.application import Sphinx


def setup_highlight(app: Sphinx) -> None:
    # Imported here, not at the top: other parts import single modules of this
    # package (a leaf such as highlight.lexers), and loading every module with them
    # would close an import cycle.
    from sphinx_configfile.highlight.ircd_lexer import IrcdConfLexer

    app.add_lexer("ircd", IrcdConfLexer)
