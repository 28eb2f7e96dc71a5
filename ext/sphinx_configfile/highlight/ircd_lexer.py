"""Our Pygments lexer for Charybdis ``ircd.conf``: Pygments has none.

The syntax below follows the example config shipped with Charybdis
(``doc/reference.conf``): ``#`` and ``/* */`` comments, blocks
``name { ... };`` or ``name "label" { ... };``, statements ``key = value;``
with strings, numbers, port ranges ``6665 .. 6669`` and bare words (flags,
cipher lists).
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, bygroups
from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
)


class IrcdConfLexer(RegexLexer):
    """Charybdis / ircd-ratbox style ``ircd.conf``."""

    name = "ircd.conf"
    aliases = ["ircd", "ircd-conf"]
    filenames = ["ircd.conf", "*.ircd.conf"]

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"#.*?$", Comment.Single),
            (r"/\*", Comment.Multiline, "comment"),
            (r'"(\\\\|\\"|[^"])*"', String.Double),
            # A block opens with its name, maybe a quoted label, then "{".
            (
                r'([A-Za-z_][\w.]*)(\s*)(?=(?:"(?:\\\\|\\"|[^"])*"\s*)?\{)',
                bygroups(Keyword, Whitespace),
            ),
            (r"(\.include|loadmodule)\b", Keyword.Namespace),
            (r"([A-Za-z_][\w.-]*)(\s*)(=)", bygroups(Name.Attribute, Whitespace, Operator)),
            (r"\b(yes|no)\b", Keyword.Constant),
            (r"\d+\b", Number.Integer),
            (r"\.\.", Operator),
            (r"[{}]", Punctuation),
            (r"[;,]", Punctuation),
            (r"[\w.:/*@!+~-]+", Name),
            (r".", Text),
        ],
        "comment": [
            (r"[^*]+", Comment.Multiline),
            (r"\*/", Comment.Multiline, "#pop"),
            (r"\*", Comment.Multiline),
        ],
    }
