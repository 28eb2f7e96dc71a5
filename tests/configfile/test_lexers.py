"""Languages by file name, and the ircd.conf lexer."""

from __future__ import annotations

from pathlib import PurePath

import pytest
from pygments.token import Comment, Keyword, Name, Number, String
from sphinx_configfile.lexers import IrcdConfLexer, language_for, lexer_for


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("14.12/ejabberd.yml", "yaml"),
        ("x.yaml", "yaml"),
        ("2.1.10/ejabberd.cfg", "erlang"),
        ("x.erl", "erlang"),
        ("0.9/prosody.cfg.lua", "lua"),
        ("3.4/ircd.conf", "ircd"),
        ("notes.txt", "none"),
    ],
)
def test_language_follows_the_file_name(name: str, language: str) -> None:
    assert language_for(PurePath(name)) == language


def test_unknown_language_is_a_lookup_error() -> None:
    with pytest.raises(LookupError, match="unknown language 'klingon'"):
        lexer_for("klingon")


def test_ircd_lexer_knows_blocks_keys_strings_numbers_and_comments() -> None:
    source = '/* c */\nlisten {\n\tport = 6665 .. 6669;\n\tname = "x";\n};\n# done\n'
    tokens = [(t, v) for t, v in IrcdConfLexer().get_tokens(source) if v.strip()]
    assert (Comment.Multiline, "/*") in tokens
    assert (Keyword, "listen") in tokens
    assert (Name.Attribute, "port") in tokens
    assert (Number.Integer, "6669") in tokens
    assert (String.Double, '"x"') in tokens
    assert (Comment.Single, "# done") in tokens
