"""Include and IncludeOptional as httpd 2.4 resolves them: relative to ServerRoot (the main
file's directory here), globs in strcmp order without dot files, directories whole, a
missing mandatory include blocking every pass, cycles and huge globs refused at their line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigError, ServerConfig
from tls_manifesto.servers.apache.files import MAX_INCLUDE_MATCHES

SITE = """\
<VirtualHost *:443>
    ServerName {name}
    SSLEngine on
    SSLCertificateFile /etc/ssl/{name}.pem
</VirtualHost>
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _load(path: Path) -> ServerConfig:
    return load_config(path, version="2.4.71")


def test_a_glob_reads_its_matches_in_strcmp_order_and_skips_dot_files(tmp_path: Path) -> None:
    main = _write(tmp_path / "apache2.conf", "Listen 443\nIncludeOptional sites-enabled/*.conf\n")
    for name in ("b.example", "B.example", "a.example", ".hidden"):
        _write(tmp_path / "sites-enabled" / f"{name}.conf", SITE.format(name=name))

    config = _load(main)

    # strcmp: upper case before lower case; ".hidden.conf" is not matched by "*".
    assert [Path(s).name for s in config.sources] == [
        "apache2.conf", "B.example.conf", "a.example.conf", "b.example.conf",
    ]  # fmt: skip
    assert [e.name for e in config.endpoints] == [
        "VirtualHost *:443 (B.example)",
        "VirtualHost *:443 (a.example)",
        "VirtualHost *:443 (b.example)",
    ]


def test_evidence_of_an_included_setting_names_the_included_file_and_its_line(
    tmp_path: Path,
) -> None:
    main = _write(
        tmp_path / "apache2.conf",
        "Include ports.conf\nInclude mods/ssl.conf\n" + SITE.format(name="x"),
    )
    _write(tmp_path / "ports.conf", "Listen 443\n")
    ssl = _write(tmp_path / "mods" / "ssl.conf", "# TLS\n\nSSLProtocol -all +TLSv1.2\n")

    (endpoint,) = _load(main).endpoints

    assert endpoint.disabled_protocols is not None
    (evidence,) = endpoint.disabled_protocols.evidence
    assert (evidence.path, evidence.line, evidence.text) == (
        str(ssl), 3, "SSLProtocol -all +TLSv1.2",
    )  # fmt: skip


def test_an_include_inside_a_virtual_host_sets_that_host_only(tmp_path: Path) -> None:
    main = _write(
        tmp_path / "apache2.conf",
        "Listen 443\n<VirtualHost *:443>\nSSLEngine on\nInclude tls.conf\n</VirtualHost>\n"
        "<VirtualHost *:8443>\nSSLEngine on\n</VirtualHost>\n",
    )
    _write(tmp_path / "tls.conf", "SSLHonorCipherOrder on\n")

    first, second = _load(main).endpoints

    assert first.server_cipher_order is not None and first.server_cipher_order.value is True
    assert second.server_cipher_order is None


def test_a_directory_include_reads_every_file_below_it(tmp_path: Path) -> None:
    main = _write(tmp_path / "apache2.conf", "Include conf.d\n")
    _write(tmp_path / "conf.d" / "b.conf", "Listen 80\n")
    _write(tmp_path / "conf.d" / "a" / "z.conf", "Listen 81\n")
    _write(tmp_path / "conf.d" / ".dot", "Listen 82\n")  # httpd reads dot files here too

    config = _load(main)

    assert [Path(s).relative_to(tmp_path).as_posix() for s in config.sources[1:]] == [
        "conf.d/.dot", "conf.d/a/z.conf", "conf.d/b.conf",
    ]  # fmt: skip


def test_a_missing_mandatory_include_blocks_every_pass(tmp_path: Path) -> None:
    main = _write(
        tmp_path / "apache2.conf", "Listen 443\nInclude sites/*.conf\n" + SITE.format(name="x")
    )

    config = _load(main)

    (issue,) = config.read_issues
    assert issue.blocks_pass
    assert (issue.evidence.line, issue.evidence.text) == (2, "Include sites/*.conf")
    assert "httpd refuses to start" in issue.message


def test_a_missing_optional_include_is_skipped_as_httpd_does(tmp_path: Path) -> None:
    main = _write(
        tmp_path / "apache2.conf",
        "IncludeOptional conf-enabled/*.conf\nIncludeOptional nothing.conf\n"
        + SITE.format(name="x"),
    )
    assert _load(main).read_issues == ()


def test_an_absolute_include_under_the_declared_server_root_is_read_beside_the_config(
    tmp_path: Path,
) -> None:
    main = _write(
        tmp_path / "apache2.conf",
        'ServerRoot "/etc/apache2"\nInclude /etc/apache2/ports.conf\n',
    )
    ports = _write(tmp_path / "ports.conf", "Listen 8080\n")
    assert _load(main).sources == (str(main), str(ports))


def test_an_include_cycle_is_refused_at_the_include_that_closes_it(tmp_path: Path) -> None:
    main = _write(tmp_path / "apache2.conf", "Include a.conf\n")
    a = _write(tmp_path / "a.conf", "# a\nInclude b.conf\n")
    _write(tmp_path / "b.conf", "Include a.conf\n")

    with pytest.raises(ConfigError) as raised:
        _load(main)

    assert raised.value.path == str(tmp_path / "b.conf") and raised.value.line == 1
    assert f"include cycle: {a}" in raised.value.message


def test_a_glob_matching_ten_thousand_files_is_refused_at_its_line(tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    for number in range(10_000):
        (spool / f"{number}.conf").touch()
    main = _write(tmp_path / "apache2.conf", "# many\nIncludeOptional spool/*.conf\n")

    result = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", str(main)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{main}:2: IncludeOptional spool/*.conf matches more than {MAX_INCLUDE_MATCHES}" in (
        result.stderr
    )


def test_a_directory_checked_whole_checks_included_files_as_part_of_the_main_one(
    tmp_path: Path,
) -> None:
    main = _write(tmp_path / "apache2.conf", "Listen 443\nInclude sites/*.conf\n")
    _write(tmp_path / "sites" / "one.conf", SITE.format(name="one"))

    result = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", "--format", "json",
         str(tmp_path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert [c["path"] for c in report["configs"]] == [str(main)]


def test_a_directory_include_looping_through_a_link_is_refused_at_its_line(
    tmp_path: Path,
) -> None:
    main = _write(tmp_path / "apache2.conf", "# loop\nInclude conf.d\n")
    (tmp_path / "conf.d").mkdir()
    (tmp_path / "conf.d" / "again").symlink_to(tmp_path / "conf.d")

    with pytest.raises(ConfigError) as raised:
        _load(main)

    assert (raised.value.path, raised.value.line) == (str(main), 2)
    assert "a link loop?" in raised.value.message
