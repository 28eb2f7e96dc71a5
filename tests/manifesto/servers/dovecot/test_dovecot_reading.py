"""dovecot.conf reading: statements, includes as the server resolves them, sections across
files, and the hostile inputs every format must refuse with one located line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigError, ServerConfig
from tls_manifesto.reading.limits import MAX_NESTING
from tls_manifesto.servers.dovecot.files import MAX_FILES
from tls_manifesto.servers.dovecot.syntax import parse_statements

ROOT = Path(__file__).resolve().parents[4]


def write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return directory / next(iter(files))


def load(directory: Path, files: dict[str, str], version: str = "2.3.19.1") -> ServerConfig:
    return load_config(write(directory, files), version=version)


def imap(config: ServerConfig, port: int = 143):  # type: ignore[no-untyped-def]
    (found,) = [
        e for e in config.endpoints if e.port and e.port.value == port and "(" not in e.name
    ]
    return found


# --- one file's statements -------------------------------------------------------------


def test_statements_keep_their_lines_comments_quotes_and_file_values() -> None:
    text = (
        "# comment\n"
        "ssl = required   # trailing comment\n"
        'ssl_cipher_list = "HIGH:#not-a-comment"\n'
        "ssl_cert = </etc/ssl/certs/mail.pem\n"
        "protocol imap {\n"
        "  ssl_min_protocol = TLSv1.3\n"
        "}\n"
    )
    statements = parse_statements("dovecot.conf", text)
    assert [(s.kind, s.line, s.key, s.value, s.from_file) for s in statements] == [
        ("setting", 2, "ssl", "required", False),
        ("setting", 3, "ssl_cipher_list", "HIGH:#not-a-comment", False),
        ("setting", 4, "ssl_cert", "/etc/ssl/certs/mail.pem", True),
        ("section", 5, "protocol", "imap", False),
        ("setting", 6, "ssl_min_protocol", "TLSv1.3", False),
        ("end", 7, "", "", False),
    ]


def test_a_continued_line_is_one_statement_at_its_first_line() -> None:
    (statement,) = parse_statements("d.conf", "ssl_cipher_list = ECDHE+AESGCM:\\\n  !aNULL\n")
    assert (statement.line, statement.value) == (1, "ECDHE+AESGCM: !aNULL")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("ssl = yes\nprotocol imap\n", 2, "expecting '{' after 'protocol imap'"),
        ("protocol imap { ssl = yes\n", 1, "garbage after '{'"),
        ('ssl = yes\nssl_cipher_list = "HIGH\n', 2, "unterminated quote"),
        ("ssl = yes\n= yes\n", 2, "a setting without a name"),
        ("\ufeffssl = yes\n", 1, "byte-order mark"),
    ],
)
def test_bad_lines_are_located(text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_statements("d.conf", text)
    assert caught.value.line == line
    assert message in caught.value.message


# --- includes --------------------------------------------------------------------------


def test_includes_are_relative_to_the_including_file_and_globs_read_in_sorted_order(
    tmp_path: Path,
) -> None:
    config = load(
        tmp_path,
        {
            "dovecot.conf": "!include conf.d/*.conf\n",
            "conf.d/20-b.conf": "ssl_min_protocol = TLSv1.3\n",
            "conf.d/10-a.conf": "ssl_min_protocol = TLSv1\n!include auth.conf.ext\n",
            "conf.d/auth.conf.ext": "ssl_cipher_list = ECDHE+AESGCM\n",
            "conf.d/.hidden.conf": "ssl = no\n",
        },
    )
    names = [Path(p).relative_to(tmp_path).as_posix() for p in config.sources]
    assert names == ["dovecot.conf", "conf.d/10-a.conf", "conf.d/auth.conf.ext", "conf.d/20-b.conf"]
    endpoint = imap(config)
    # The later file wins, and the evidence is the included file's own line.
    assert endpoint.disabled_protocols is not None
    assert endpoint.disabled_protocols.value == {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"}
    (evidence,) = endpoint.disabled_protocols.evidence
    assert (Path(evidence.path).name, evidence.line) == ("20-b.conf", 1)
    assert endpoint.ciphers is not None
    assert endpoint.ciphers.evidence[0].path.endswith("auth.conf.ext")
    assert endpoint.starttls_offered is not None and endpoint.starttls_offered.value is True


def test_brace_alternatives_are_read_in_the_order_written(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        {
            "dovecot.conf": "!include {z,a}.conf\n",
            "z.conf": "ssl_min_protocol = TLSv1.3\n",
            "a.conf": "ssl_min_protocol = TLSv1.2\n",
        },
    )
    assert [Path(p).name for p in config.sources] == ["dovecot.conf", "z.conf", "a.conf"]
    assert imap(config).disabled_protocols.evidence[0].path.endswith("a.conf")  # type: ignore[union-attr]


def test_an_included_file_continues_the_section_open_at_the_include(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        {
            "dovecot.conf": "ssl = yes\nprotocol imap {\n  !include imap-tls.conf\n}\n",
            "imap-tls.conf": "ssl = required\n",
        },
    )
    assert imap(config).tls_required.value is True  # type: ignore[union-attr]
    pop3 = next(e for e in config.endpoints if e.port and e.port.value == 110)
    assert pop3.tls_required is not None and pop3.tls_required.value is False


def test_a_missing_mandatory_include_blocks_every_pass(tmp_path: Path) -> None:
    config = load(tmp_path, {"dovecot.conf": "ssl = yes\n!include conf.d/*.conf\n"})
    (issue,) = config.read_issues
    assert issue.blocks_pass and issue.evidence.line == 2
    assert "matches no file (Dovecot stops: No matches)" in issue.message


def test_a_missing_optional_include_is_no_issue_unless_it_names_the_host(tmp_path: Path) -> None:
    config = load(tmp_path, {"dovecot.conf": "!include_try local.conf\nssl = yes\n"})
    assert config.read_issues == ()
    config = load(tmp_path, {"dovecot.conf": "!include_try /nonexistent/protocols.d/*.protocol\n"})
    (issue,) = config.read_issues
    assert not issue.blocks_pass and "on the server it may" in issue.message


def test_an_absolute_include_reads_the_copy_beside_the_config_first(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        {
            "dovecot.conf": "!include_try /usr/share/dovecot/protocols.d/*.protocol\n",
            "protocols.d/imapd.protocol": "protocols = $protocols imap\n",
        },
        version="2.4.4",
    )
    assert [Path(p).name for p in config.sources] == ["dovecot.conf", "imapd.protocol"]
    assert {e.role for e in config.endpoints} == {"imap"}  # 2.4 enables no protocol itself


def test_include_cycle_is_a_located_error(tmp_path: Path) -> None:
    write(tmp_path, {"dovecot.conf": "!include a.conf\n", "a.conf": "\n!include dovecot.conf\n"})
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "dovecot.conf")
    assert caught.value.line == 2 and caught.value.path.endswith("a.conf")
    assert "include cycle" in caught.value.message


def test_a_glob_of_ten_thousand_files_is_refused_at_its_line(tmp_path: Path) -> None:
    directory = tmp_path / "conf.d"
    directory.mkdir()
    for number in range(10_000):
        (directory / f"{number:05}.conf").touch()
    write(tmp_path, {"dovecot.conf": "ssl = yes\n!include conf.d/*.conf\n"})
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "dovecot.conf")
    assert caught.value.line == 2
    assert f"matches more than {MAX_FILES} files" in caught.value.message


# --- sections --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("ssl = yes\nprotocol imap {\n", 2, "missing '}' for section 'protocol imap'"),
        ("ssl = yes\n}\n", 2, "unexpected '}'"),
        ("protocol imap {\n  protocol pop3 {\n  }\n}\n", 2, "not allowed inside"),
    ],
)
def test_unbalanced_sections_are_located(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    write(tmp_path, {"dovecot.conf": text})
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "dovecot.conf")
    assert (caught.value.line, message in caught.value.message) == (line, True)


def test_a_section_closed_in_an_included_file_is_matched_as_the_server_does(
    tmp_path: Path,
) -> None:
    config = load(
        tmp_path,
        {
            "dovecot.conf": "protocol imap {\n!include close.conf\nssl = yes\n",
            "close.conf": "ssl = required\n}\n",
        },
    )
    assert imap(config).tls_required.value is True  # type: ignore[union-attr]
    pop3 = next(e for e in config.endpoints if e.port and e.port.value == 110)
    assert pop3.starttls_offered.evidence[0].line == 3  # type: ignore[union-attr]


def test_nesting_limit_holds_at_the_limit_and_refuses_one_past(tmp_path: Path) -> None:
    allowed = "# deep\n" + "plugin {\n" * MAX_NESTING + "}\n" * MAX_NESTING
    write(tmp_path, {"dovecot.conf": allowed})
    load_config(tmp_path / "dovecot.conf")
    deeper = "# deep\n" + "plugin {\n" * 20_000 + "}\n" * 20_000
    write(tmp_path, {"dovecot.conf": deeper})
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "dovecot.conf")
    assert caught.value.line == MAX_NESTING + 2
    assert "nesting deeper than" in caught.value.message


# --- through the CLI: one located line, exit 2, no traceback ----------------------------

HOSTILE = {
    "unbalanced": (b"ssl = yes\nprotocol imap {\n  ssl = required\n", 2),
    "unterminated-quote": (b'ssl = yes\nssl_cipher_list = "HIGH\n', 2),
    "binary": (b"ssl = yes\n\x00\x9f\x92\x96\n", 2),
    "not-utf8": (b"ssl = yes\n\xff\xfe\n", 2),
    "deep": (b"# deep\n" + b"plugin {\n" * 20_000 + b"}\n" * 20_000, MAX_NESTING + 2),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_gives_one_located_line_and_exit_2(tmp_path: Path, case: str) -> None:
    data, line = HOSTILE[case]
    path = tmp_path / "dovecot.conf"
    path.write_bytes(data)
    result = _cli(path)
    assert result.returncode == 2, result.stdout
    errors = [row for row in result.stderr.splitlines() if row.strip()]
    assert errors[0].startswith(f"manifesto: {path}:{line}: "), result.stderr
    assert "Traceback" not in result.stderr


def test_cycle_through_the_cli(tmp_path: Path) -> None:
    write(tmp_path, {"dovecot.conf": "!include b.conf\n", "b.conf": "!include dovecot.conf\n"})
    result = _cli(tmp_path / "dovecot.conf")
    assert result.returncode == 2
    assert f"{tmp_path / 'b.conf'}:1: include cycle" in result.stderr
    assert "Traceback" not in result.stderr


def _cli(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT / "ext"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
