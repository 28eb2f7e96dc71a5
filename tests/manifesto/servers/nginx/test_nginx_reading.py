"""nginx configs read as nginx reads them: tokens, blocks, includes, and the lines they cite."""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigError, ServerConfig
from tls_manifesto.servers.nginx.syntax import parse_nginx


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root / "nginx.conf"


def _load(root: Path, files: dict[str, str]) -> ServerConfig:
    return load_config(_write(root, files))


TLS_SERVER = "server {\n    listen 443 ssl;\n    server_name a.example;\n}\n"


def test_words_quotes_escapes_and_comments_as_nginx_tokenizes_them() -> None:
    text = (
        "# comment\n"
        'add_header X-A "a b;c" always; # trailing comment\n'
        "location ~ \\.php$ { return 200 'it\\'s'; }\n"
        "set $x a#b;\n"
        "return 200 ${host}x;\n"
        'ssl_ciphers "ECDHE\n  :AES";\n'
    )
    tree = parse_nginx(text, "nginx.conf")
    assert [(d.name, d.args, d.line) for d in tree if d.block is None] == [
        ("add_header", ("X-A", "a b;c", "always"), 2),
        ("set", ("$x", "a#b"), 4),
        ("return", ("200", "${host}x"), 5),
        ("ssl_ciphers", ("ECDHE\n  :AES",), 6),
    ]
    location = tree[1]
    assert location.args == ("~", "\\.php$")  # a backslash before "." is kept for the regex
    assert location.block is not None and location.block[0].args == ("200", "it's")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("http {\n  server {\n  }\n", 1, 'block "http" opened here is never closed'),
        ("http {\n}\n}\n", 3, 'unexpected "}"'),
        ('server_name "a.example;\nlisten 80;\n', 1, "unterminated quoted string"),
        ("listen 80\n", 1, '"listen" is not ended'),
        ('add_header X "y"z;\n', 1, "right after a quoted string"),
        ("http {\n  listen 80 }\n", 2, 'unexpected "}" in "listen"'),
        ("\ufeffuser nginx;\n", 1, "byte-order mark"),
        ("user\x00nginx;\n", 1, "NUL byte"),
        ("; user nginx;\n", 1, 'unexpected ";"'),
    ],
)
def test_broken_syntax_is_one_located_error(text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_nginx(text, "nginx.conf")
    assert raised.value.line == line
    assert message in raised.value.message


def test_include_is_relative_to_the_main_files_directory_and_cites_the_included_lines(
    tmp_path: Path,
) -> None:
    config = _load(
        tmp_path,
        {
            "nginx.conf": "http {\n    include sites/*.conf;\n}\n",
            # "snippets/tls.conf" is taken from the main file's directory (the prefix),
            # not from sites/, where the including file is.
            "sites/a.conf": "server {\n    listen 443 ssl;\n    include snippets/tls.conf;\n}\n",
            "snippets/tls.conf": "ssl_certificate /etc/ssl/a.pem;\nssl_ciphers ECDHE+AESGCM;\n",
        },
    )
    (endpoint,) = config.endpoints
    assert config.sources == (
        str(tmp_path / "nginx.conf"),
        str(tmp_path / "sites/a.conf"),
        str(tmp_path / "snippets/tls.conf"),
    )
    assert endpoint.certificate is not None and endpoint.ciphers is not None
    assert [(e.path, e.line) for e in endpoint.ciphers.evidence] == [
        (str(tmp_path / "snippets/tls.conf"), 2)
    ]
    assert [(e.path, e.line) for e in endpoint.evidence] == [(str(tmp_path / "sites/a.conf"), 2)]


def test_glob_includes_are_read_in_byte_order_and_skip_hidden_files(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        {
            "nginx.conf": "http {\n    include conf.d/*;\n}\n",
            "conf.d/b": TLS_SERVER.replace("a.example", "b.example"),
            "conf.d/B": TLS_SERVER.replace("a.example", "upper-b.example"),
            "conf.d/a": TLS_SERVER,
            "conf.d/.hidden": TLS_SERVER.replace("a.example", "hidden.example"),
        },
    )
    assert [e.name.split()[1] for e in config.endpoints] == [
        "upper-b.example",
        "a.example",
        "b.example",
    ]


def test_absolute_includes_are_found_beside_the_main_file_by_their_tail(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        {
            "nginx.conf": "http {\n    include /etc/nginx/sites-enabled/*;\n}\n",
            "sites-enabled/site": TLS_SERVER,
        },
    )
    assert config.sources[1] == str(tmp_path / "sites-enabled/site")
    assert len(config.endpoints) == 1


def test_a_missing_include_blocks_every_pass_at_its_line(tmp_path: Path) -> None:
    config = _load(tmp_path, {"nginx.conf": "http {\n    include tls.conf;\n" + TLS_SERVER + "}\n"})
    (issue,) = config.read_issues
    assert issue.blocks_pass and issue.evidence.line == 2
    assert "include tls.conf not found" in issue.message
    assert issue.absent == (str(tmp_path / "tls.conf"),)


def test_a_glob_matching_nothing_is_fine_but_a_missing_directory_is_named(tmp_path: Path) -> None:
    (tmp_path / "conf.d").mkdir()
    config = _load(
        tmp_path,
        {"nginx.conf": "http {\n    include conf.d/*.conf;\n    include nowhere/*.conf;\n}\n"},
    )
    (issue,) = config.read_issues
    assert not issue.blocks_pass and issue.evidence.line == 3
    assert "no such directory here" in issue.message


def test_an_include_cycle_is_stopped_at_the_include_that_closes_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        _load(
            tmp_path,
            {"nginx.conf": "http {\n    include a.conf;\n}\n", "a.conf": "\n\ninclude a.conf;\n"},
        )
    assert raised.value.path == str(tmp_path / "a.conf")
    assert raised.value.line == 3
    assert "include cycle" in raised.value.message


def test_nesting_counts_the_blocks_around_an_include(tmp_path: Path) -> None:
    # http{} and 31 locations are the 32 levels allowed; a 32nd location is one too many.
    assert _load(tmp_path, {"nginx.conf": "http {\n    include deep.conf;\n}\n",
                            "deep.conf": "location / {\n" * 31 + "}\n" * 31})  # fmt: skip
    deep = "location / {\n" * 32 + "}\n" * 32
    with pytest.raises(ConfigError) as raised:
        _load(tmp_path, {"nginx.conf": "http {\n    include deep.conf;\n}\n", "deep.conf": deep})
    assert raised.value.path == str(tmp_path / "deep.conf")
    assert raised.value.line == 32
    assert "nesting deeper than" in raised.value.message


def test_a_site_file_checked_on_its_own_is_read_as_the_inside_of_http(tmp_path: Path) -> None:
    site = tmp_path / "default"
    site.write_text("# a site\n" + TLS_SERVER, encoding="utf-8")
    config = load_config(site)
    assert config.kind == "nginx" and config.chapter == "web"
    assert [e.name for e in config.endpoints] == ["server a.example listen 443 ssl"]
