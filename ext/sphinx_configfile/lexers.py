"""Which Pygments lexer highlights a config, and our lexer for Charybdis ``ircd.conf``.

Pygments has no lexer for ircd.conf. The syntax below follows the example
config shipped with Charybdis (``doc/reference.conf``): ``#`` and ``/* */``
comments, blocks ``name { ... };`` or ``name "label" { ... };``, statements
``key = value;`` with strings, numbers, port ranges ``6665 .. 6669`` and bare
words (flags, cipher lists).
"""

from __future__ import annotations

from functools import cache
from pathlib import PurePath

from pygments.lexer import Lexer, RegexLexer, bygroups
from pygments.lexers import get_lexer_by_name
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
from pygments.util import ClassNotFound


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


# Extension -> Pygments name. .cfg is the Erlang-terms config of ejabberd 2.x
# ("ejabberd.cfg"), see the ejabberd 2.1 guide, section 3.1.
_LANGUAGE_BY_SUFFIX = {
    ".yml": "yaml",
    ".yaml": "yaml",
    ".cfg": "erlang",
    ".erl": "erlang",
    ".lua": "lua",
}


def language_for(path: PurePath) -> str:
    """The highlighting language of a config, from its file name."""
    if path.name == "ircd.conf" or path.name.endswith(".ircd.conf"):
        return "ircd"
    return _LANGUAGE_BY_SUFFIX.get(path.suffix.lower(), "none")


@cache
def lexer_for(language: str) -> Lexer:
    """A lexer for ``language``, made once per process.

    Leading and trailing newlines are kept so token lines match file lines.
    Raises :class:`LookupError` for a language Pygments does not know.
    """
    options = {"stripnl": False, "ensurenl": True}
    if language in IrcdConfLexer.aliases:
        return IrcdConfLexer(**options)
    if language in ("none", "text"):
        language = "text"
    try:
        return get_lexer_by_name(language, **options)
    except ClassNotFound:
        raise LookupError(f"unknown language {language!r} (use a Pygments lexer name)") from None
