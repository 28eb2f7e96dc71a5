"""Apache config syntax as httpd 2.4 reads it, and the broken files it refuses, located."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tls_manifesto.model import ConfigError
from tls_manifesto.reading.limits import MAX_NESTING
from tls_manifesto.servers.apache.syntax import parse_apache_config


def test_continuation_lines_join_and_keep_their_first_line() -> None:
    text = "SSLCipherSuite ECDHE-RSA-AES128-GCM-SHA256:\\\nHIGH \\\n  !aNULL\n"
    (directive,) = parse_apache_config(text, "a")
    # The backslash and line break go; the blanks around them stay and split words.
    assert directive.args == ("ECDHE-RSA-AES128-GCM-SHA256:HIGH", "!aNULL")
    assert (directive.line, directive.lines) == (1, (1, 2, 3))


def test_a_hash_starts_a_comment_only_at_the_start_of_a_line() -> None:
    text = "# SSLEngine on\n  # indented comment\nServerAdmin a#b\n"
    (directive,) = parse_apache_config(text, "a")
    assert (directive.name, directive.args, directive.line) == ("ServerAdmin", ("a#b",), 3)


def test_quoted_words_keep_blanks_and_escaped_quotes() -> None:
    (directive,) = parse_apache_config(
        "Header always set Strict-Transport-Security \"max-age=63072000; preload\" 'x\\'y'\n",
        "a",
    )
    assert directive.args == (
        "always", "set", "Strict-Transport-Security", "max-age=63072000; preload", "x'y",
    )  # fmt: skip


def test_sections_hold_their_directives_with_their_lines() -> None:
    text = (
        "<VirtualHost *:443>\n  <IfModule mod_ssl.c>\n    SSLEngine on\n  </IfModule>\n"
        "</VirtualHost>\n"
    )
    (host,) = parse_apache_config(text, "a")
    assert (host.key, host.args, host.line, host.end_line) == ("virtualhost", ("*:443",), 1, 5)
    (condition,) = host.children or ()
    (engine,) = condition.children or ()
    assert (engine.name, engine.line) == ("SSLEngine", 3)


def test_a_byte_order_mark_is_skipped_as_httpd_does() -> None:
    (directive,) = parse_apache_config("\ufeffSSLEngine on\n", "a")
    assert directive.name == "SSLEngine"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("<VirtualHost *:443>\nSSLEngine on\n", 1, "<VirtualHost> was not closed"),
        ("<VirtualHost *:443>\n</IfModule>\n", 2, "Expected </VirtualHost> but saw </IfModule>"),
        ("SSLEngine on\n</VirtualHost>\n", 2, "</VirtualHost> without matching <VirtualHost>"),
        ("<VirtualHost *:443\n</VirtualHost>\n", 1, "missing closing '>'"),
        ('ServerName x\nSSLCipherSuite "HIGH:!aNULL\n', 2, "unterminated quote"),
        ("ServerName x\nSSLEngine \x00\x01on\n", 2, "binary data"),
    ],
)
def test_broken_syntax_is_refused_at_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_apache_config(text, "apache2.conf")
    assert raised.value.line == line
    assert message in raised.value.message


def test_nesting_past_the_limit_is_refused_at_the_first_level_too_deep() -> None:
    allowed = "<IfModule a>\n" * MAX_NESTING + "</IfModule>\n" * MAX_NESTING
    parse_apache_config(allowed, "a")
    deep = "<IfModule a>\n" * (MAX_NESTING + 1) + "</IfModule>\n" * (MAX_NESTING + 1)
    with pytest.raises(ConfigError) as raised:
        parse_apache_config(deep, "a")
    assert raised.value.line == MAX_NESTING + 1


def _check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("<VirtualHost *:443>\nSSLEngine on\n", 1),  # unbalanced section
        ('<VirtualHost *:443>\nSSLCipherSuite "HIGH\n</VirtualHost>\n', 2),  # open quote
        ("<IfModule a>\n" * 20_000 + "</IfModule>\n" * 20_000, MAX_NESTING + 1),
    ],
    ids=["unbalanced", "unterminated-quote", "nesting-20000"],
)
def test_the_cli_names_one_located_line_and_exits_2(tmp_path: Path, text: str, line: int) -> None:
    config = tmp_path / "apache2.conf"
    config.write_text(text, encoding="utf-8")
    result = _check(config)
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    errors = [row for row in result.stderr.splitlines() if str(config) in row]
    assert errors == [row for row in errors if row.startswith(f"manifesto: {config}:{line}: ")]
    assert len(errors) == 1, result.stderr


def test_binary_data_through_the_cli_is_one_located_line(tmp_path: Path) -> None:
    config = tmp_path / "httpd.conf"
    config.write_bytes(b"ServerRoot /etc/apache2\n\x00\x01\x02binary\n")
    result = _check(config)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{config}:2: " in result.stderr
