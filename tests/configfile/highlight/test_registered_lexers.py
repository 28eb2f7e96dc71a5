"""``:language:`` finds lexers registered with ``app.add_lexer``, as ``code-block`` does."""

from __future__ import annotations

import re
from pathlib import Path

CONF = """\
from pygments.lexer import RegexLexer
from pygments.token import Text, Token

extensions = ["sphinx_configfile"]
configfile_root = "../configs"


class TlsConfLexer(RegexLexer):
    name = "tlsconf"
    tokens = {{"root": [(r"ciphers", Token.{token}), (r"[^\\n]+?", Text), (r"\\n", Text)]}}


def setup(app):
    app.add_lexer("tlsconf", TlsConfLexer)
"""

INDEX = """\
Lexers
======

.. configfile:: /app.conf
   :language: tlsconf
   :caption: Quoted

.. code-block:: tlsconf

   ciphers HIGH
"""


def write_project(make_project, token: str) -> Path:
    """The project's source directory; written again, only conf.py's lexer changes."""
    root = make_project(INDEX, {"app.conf": "ciphers HIGH\n"}, conf=CONF.format(token=token))
    return root / "source"


def ciphers_classes(app) -> list[str]:
    """The CSS class of "ciphers" in the configfile listing, then in the code-block."""
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    return re.findall(r'<span class="([^"]+)">ciphers</span>', page)


def test_a_lexer_registered_by_the_project_highlights_a_quote_as_a_code_block(
    make_app, make_project
) -> None:
    app = make_app("html", srcdir=write_project(make_project, "Keyword"))
    app.build()
    assert "unknown language" not in app._warning.getvalue()
    assert ciphers_classes(app) == ["k", "k"]


def test_a_later_build_in_the_same_process_uses_its_own_registered_lexer(
    make_app, make_project
) -> None:
    # Same config, same file version, same language name: only the lexer
    # differs, and nothing highlighted by the first build may be reused.
    srcdir = write_project(make_project, "Keyword")
    first = make_app("html", srcdir=srcdir)
    first.build()
    assert ciphers_classes(first) == ["k", "k"]
    write_project(make_project, "Name.Builtin")
    second = make_app("html", srcdir=srcdir)
    second.build()
    assert ciphers_classes(second) == ["nb", "nb"]
