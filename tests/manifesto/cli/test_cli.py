"""``manifesto`` as a subprocess: exit codes, text lines, output files, bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]
FIXTURES = PROJECT / "tests" / "fixtures" / "rules"

HARDENED = """\
hosts:
  - example.org
certfiles:
  - /etc/ejabberd/certs/example.org.pem
s2s_use_starttls: required_trusted
s2s_ciphers: "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"
s2s_protocol_options:
  - no_sslv2
  - no_sslv3
  - no_tlsv1
  - no_tlsv1_1
  - cipher_server_preference
listen:
  -
    port: 5222
    module: ejabberd_c2s
    starttls_required: true
    ciphers: "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"
    protocol_options:
      - no_sslv2
      - no_sslv3
      - no_tlsv1
      - no_tlsv1_1
      - cipher_server_preference
  -
    port: 5269
    module: ejabberd_s2s_in
"""


def manifesto(*args: str | Path, cwd: Path = PROJECT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture
def hardened(tmp_path: Path) -> Path:
    path = tmp_path / "ejabberd.yml"
    path.write_text(HARDENED)
    return path


def test_hardened_config_exits_0_with_a_verdict_summary(hardened: Path) -> None:
    result = manifesto("check", hardened)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{hardened} (ejabberd" in result.stdout
    assert "MF001 pass, MF002 pass, MF003 pass" in result.stdout
    assert "0 errors" in result.stdout


def test_error_finding_exits_1_with_a_located_line() -> None:
    fixture = FIXTURES / "MF003" / "fail.yml"
    result = manifesto("check", "--policy", "prefer-fs", fixture.relative_to(PROJECT))
    assert result.returncode == 1
    expected = re.compile(
        r"^tests/fixtures/rules/MF003/fail\.yml:11: MF003 error: listener 5222: "
        r"non-forward-secret suites offered before forward-secret ones: AES128-SHA, "
        r"CAMELLIA128-SHA$",
        re.M,
    )
    assert expected.search(result.stdout), result.stdout


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    config = tmp_path / "ejabberd.yml"
    config.write_text(HARDENED.replace("      - no_tlsv1_1\n", "", 1))
    result = manifesto("check", config)
    assert result.returncode == 0, result.stdout
    assert re.search(r":23: MF004 warning: listener 5222: TLSv1.1 enabled", result.stdout)


def test_malformed_config_exits_2_with_one_located_line(tmp_path: Path) -> None:
    broken = tmp_path / "ejabberd.yml"
    broken.write_text("hosts:\n  - example.org\nlisten:\n  - port: [5222\n")
    result = manifesto("check", broken)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert re.match(rf"^manifesto: {re.escape(str(broken))}:\d+: ", result.stderr), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_path_exits_2(tmp_path: Path) -> None:
    result = manifesto("check", tmp_path / "nope.yml")
    assert result.returncode == 2 and "no such file or directory" in result.stderr


def test_unknown_policy_and_kind_are_usage_errors(hardened: Path) -> None:
    assert manifesto("check", "--policy", "maybe-fs", hardened).returncode == 2
    result = manifesto("check", "--kind", "lighttpd", hardened)
    assert result.returncode == 2 and "unknown kind 'lighttpd'" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_waiver_file_exits_2_with_its_line(tmp_path: Path, hardened: Path) -> None:
    waivers = tmp_path / "waivers.toml"
    waivers.write_text('[[waiver]]\nrule = "MF001"\npath = \n')
    result = manifesto("check", "--waivers", waivers, hardened)
    assert result.returncode == 2
    assert result.stderr.startswith(f"manifesto: {waivers}:3: not valid TOML")
    assert "Traceback" not in result.stderr


def test_directories_are_walked_for_config_names(tmp_path: Path) -> None:
    (tmp_path / "a" / "23.01").mkdir(parents=True)
    (tmp_path / "a" / "23.01" / "ejabberd.yml").write_text(HARDENED)
    (tmp_path / "a" / "notes.txt").write_text("not a config")
    result = manifesto("check", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 config checked" in result.stdout


def test_output_file_is_written_whole(tmp_path: Path, hardened: Path) -> None:
    report = tmp_path / "report.json"
    result = manifesto("check", "--format", "json", "--output", report, hardened)
    assert result.returncode == 0 and result.stdout == ""
    assert json.loads(report.read_text())["openssl"].startswith(("OpenSSL", "LibreSSL"))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_over_a_checked_config_is_refused(hardened: Path) -> None:
    result = manifesto("check", "--output", hardened, hardened)
    assert result.returncode == 2 and "is one of the checked configs" in result.stderr
    assert hardened.read_text() == HARDENED


def test_rules_lists_every_rule_with_its_sources() -> None:
    result = manifesto("rules", "--format", "json")
    rules = json.loads(result.stdout)
    assert [r["id"] for r in rules] == [f"MF{n:03}" for n in range(1, 17)]
    assert {r["id"] for r in rules if r["chapters"] == ["web"]} == {"MF012", "MF013"}
    assert all(r["sources"] and r["documentation"] and r["applies_to"] for r in rules)
    assert all(r["sources"][0]["url"].startswith("https://") for r in rules)


def test_rules_text_names_the_manifesto() -> None:
    result = manifesto("rules")
    assert result.returncode == 0
    assert "MF003 error: Cipher suites prefer or require forward secrecy" in result.stdout
    assert "https://github.com/stpeter/manifesto" in result.stdout


def test_ciphers_shows_the_openssl_version_and_suites(hardened: Path) -> None:
    result = manifesto("ciphers", hardened)
    assert result.returncode == 0
    assert result.stdout.startswith("expanded with OpenSSL") or "LibreSSL" in result.stdout
    assert "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256" in result.stdout


def test_directory_without_configs_exits_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a config")
    result = manifesto("check", tmp_path)
    assert result.returncode == 2
    assert f"manifesto: {tmp_path}: no config files here" in result.stderr


def test_missing_dh_file_warns_on_a_passing_verdict(tmp_path: Path) -> None:
    config = tmp_path / "ejabberd.yml"
    dhe = "ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES128-GCM-SHA256"
    config.write_text(
        HARDENED.replace(
            '    ciphers: "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"\n',
            f'    ciphers: "{dhe}"\n    dhfile: /nonexistent/dh2048.pem\n',
        )
    )
    result = manifesto("check", config)
    assert result.returncode == 0, result.stdout
    assert re.search(
        r":19: MF006 warning: listener 5222: DH parameters file /nonexistent/dh2048.pem",
        result.stdout,
    )
    assert "MF006 warn" in result.stdout


def test_mf002_without_s2s_options_prints_a_located_line(tmp_path: Path) -> None:
    config = tmp_path / "23.01" / "ejabberd.yml"
    config.parent.mkdir()
    config.write_text("loglevel: info\nhosts:\n  - example.org\n")
    result = manifesto("check", config)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{config}:2: MF002 error: outgoing s2s: server-to-server connections" in result.stdout
