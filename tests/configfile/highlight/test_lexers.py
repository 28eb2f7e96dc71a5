"""Languages by file name and content, and the ircd.conf lexer."""

from __future__ import annotations

from pathlib import Path, PurePath

import pytest
from pygments.token import Comment, Keyword, Name, Number, String
from sphinx_configfile.highlight.lexers import IrcdConfLexer, language_for, lexer_for


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


GUIDE_CONFIGS = Path(__file__).resolve().parents[2] / "roots" / "test-legacy-guide" / "configs"


@pytest.mark.parametrize(
    ("relpath", "language"),
    [
        # No telling name: the content decides.
        ("Webservers/Apache/default-ssl", "apacheconf"),
        ("Webservers/Apache/hsts-vhost", "apacheconf"),
        ("Webservers/nginx/default", "nginx"),
        ("Webservers/lighttpd/10-ssl.conf", "lighttpd"),
        ("Mailservers/Dovecot/10-ssl.conf", "ini"),
        # Known names: Pygments would take main.cf for CFEngine.
        ("Mailservers/Postfix/main.cf", "ini"),
        ("Mailservers/Postfix/master.cf", "none"),
        ("SSH/OpenSSH/sshd_config", "none"),
    ],
)
def test_language_of_a_file_without_extension_comes_from_name_and_content(
    relpath: str, language: str
) -> None:
    assert language_for(GUIDE_CONFIGS / relpath) == language


@pytest.mark.parametrize(
    ("name", "language"),
    [("site.ini", "ini"), ("app.toml", "toml"), ("nginx.conf", "nginx"), ("x.json", "json")],
)
def test_other_extensions_use_pygments_file_patterns(name: str, language: str) -> None:
    assert language_for(PurePath(name)) == language


def test_content_no_lexer_reads_cleanly_is_plain_text(tmp_path: Path) -> None:
    # Looks like nginx ("server {"), but the nginx lexer cannot read the rest.
    config = tmp_path / "default"
    config.write_text("server {\n\tlisten 443 ssl;\n}\nfoo = bar\n}\n")
    assert language_for(config) == "none"
    config.write_text("server {\n\tlisten 443 ssl;\n}\n")
    assert language_for(config) == "nginx"  # judged again after the edit


def test_unreadable_or_unrecognised_files_are_plain_text(tmp_path: Path) -> None:
    assert language_for(tmp_path / "missing") == "none"
    (tmp_path / "notes").write_text("just some words\n")
    assert language_for(tmp_path / "notes") == "none"
    (tmp_path / "blob").write_bytes(b"\x00\x01\xff")
    assert language_for(tmp_path / "blob") == "none"


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


def test_cfg_is_erlang_when_it_reads_as_erlang_else_ini(tmp_path: Path) -> None:
    reference = Path(__file__).resolve().parents[3] / "configs/IM/ejabberd/2.1.10/ejabberd.cfg"
    assert language_for(reference) == "erlang"
    haproxy = tmp_path / "haproxy.cfg"
    haproxy.write_text("global\n    maxconn 100 # limit\n\nfrontend www\n    bind :443 ssl\n")
    assert language_for(haproxy) == "ini"
