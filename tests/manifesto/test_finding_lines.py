"""What a person reads: short finding lines, one finding per cause, warn, notes, --verbose."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tls_manifesto.engine.loader import load_config
from tls_manifesto.rules import RULES_BY_ID, CheckOptions
from tls_manifesto.verdicts import Severity, Status

PROJECT = Path(__file__).resolve().parents[2]
FIXTURES = PROJECT / "tests" / "fixtures" / "rules"
# About 200 characters, as the issue of a reader scanning a terminal asks.
LONGEST_LINE = 200

FIVE_LISTENERS_ON_THE_DEFAULT = """\
hosts:
  - example.org
certfiles:
  - /etc/ejabberd/certs/example.org.pem
s2s_use_starttls: required
s2s_ciphers: "ECDHE-RSA-AES128-GCM-SHA256"
s2s_protocol_options:
  - no_sslv3
  - no_tlsv1
  - no_tlsv1_1
  - cipher_server_preference
listen:
""" + "".join(
    f"  -\n    port: {port}\n    module: ejabberd_c2s\n    starttls_required: true\n"
    "    protocol_options:\n      - no_sslv3\n      - no_tlsv1\n      - no_tlsv1_1\n"
    "      - cipher_server_preference\n"
    for port in (5222, 5223, 5224, 5225, 5226)
)


def manifesto(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", *map(str, args)],
        capture_output=True, text=True, cwd=PROJECT, check=False, timeout=120,
    )  # fmt: skip


def finding_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if ": MF0" in line and " error: " in line
            or " warning: " in line or " note: " in line]  # fmt: skip


def test_every_finding_line_on_the_fixtures_and_reference_configs_is_short() -> None:
    result = manifesto("check", "configs", "tests/fixtures/rules")
    lines = finding_lines(result.stdout)
    assert len(lines) > 20, result.stdout  # the fail fixtures give plenty
    too_long = [line for line in lines if len(line) > LONGEST_LINE]
    assert too_long == []


def test_a_default_cipher_list_on_five_listeners_is_one_finding_naming_them(
    tmp_path: Path,
) -> None:
    config = tmp_path / "14.12" / "ejabberd.yml"
    config.parent.mkdir()
    config.write_text(FIVE_LISTENERS_ON_THE_DEFAULT)
    result = manifesto("check", "--format", "json", config)
    assert result.returncode == 1, result.stderr
    mf003 = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "MF003"]
    (finding,) = mf003
    assert finding["endpoints"] == [f"listener {p}" for p in (5222, 5223, 5224, 5225, 5226)]
    assert finding["line"] == 14 and finding["also_at_lines"] == [23, 32, 41, 50]
    text = manifesto("check", config).stdout
    (line,) = [line for line in text.splitlines() if " MF003 error: " in line]
    assert "listener 5222, 5223, 5224, 5225 ... and 1 more: " in line
    assert "non-forward-secret suites by default: " in line and "more" in line


def test_warning_findings_alone_make_a_warn_verdict_and_exit_0(tmp_path: Path) -> None:
    config = tmp_path / "ejabberd.yml"
    fs_only = 'c2s_ciphers: "ECDHE-RSA-AES128-GCM-SHA256"\nlisten:'
    config.write_text(
        FIVE_LISTENERS_ON_THE_DEFAULT.replace("      - no_tlsv1_1\n", "").replace(
            "listen:", fs_only
        )
    )
    result = manifesto("check", "--format", "json", config)
    report = json.loads(result.stdout)
    statuses = {v["rule"]: v["status"] for v in report["verdicts"]}
    assert statuses["MF004"] == "warn", report["findings"]
    assert result.returncode == 0
    assert "MF004 warn" in manifesto("check", config).stdout


def test_mf005_passes_with_a_note_when_every_suite_offered_is_forward_secret() -> None:
    config = load_config(FIXTURES / "MF005" / "pass-forward-secret-only.yml")
    verdict = RULES_BY_ID["MF005"].check(config, CheckOptions())
    assert verdict.status is Status.PASS
    (note,) = verdict.findings
    assert note.severity is Severity.NOTE and note.line == 14  # the cipher line
    assert "every suite offered is forward-secret" in note.message
    assert "Server_Side_TLS" in note.detail


def test_mf005_still_warns_when_a_non_forward_secret_suite_is_offered(tmp_path: Path) -> None:
    fixture = (FIXTURES / "MF005" / "pass-forward-secret-only.yml").read_text()
    config_path = tmp_path / "ejabberd.yml"
    config_path.write_text(fixture.replace(':ECDHE-RSA-CHACHA20-POLY1305"', ':AES128-SHA"'))
    verdict = RULES_BY_ID["MF005"].check(load_config(config_path), CheckOptions())
    assert verdict.status is Status.WARN
    assert [f.severity for f in verdict.findings] == [Severity.WARNING]


def test_verbose_shows_the_fix_the_source_and_the_lines() -> None:
    fixture = (FIXTURES / "MF003" / "fail.yml").relative_to(PROJECT)
    brief = manifesto("check", fixture).stdout
    verbose = manifesto("check", "--verbose", fixture).stdout
    assert "append :!kRSA" not in brief
    assert "    exclude them, e.g. append :!kRSA" in verbose
    assert f"    {fixture}:11: " in verbose  # the cipher line behind the finding
    assert "MF003 fail: cipher lists fail require-fs" in verbose


def test_rules_prints_only_the_rules_asked_for() -> None:
    result = manifesto("rules", "mf003", "MF005")
    assert result.returncode == 0
    assert result.stdout.startswith("MF003 error: ")
    assert "\n\nMF005 warning: " in result.stdout and "MF004" not in result.stdout
    unknown = manifesto("rules", "MF099")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("manifesto: unknown rule MF099 (one of MF001, ")


def test_a_finding_that_fails_every_rule_is_one_line_naming_the_rules() -> None:
    # A missing include fails all ten verdicts of an IM config with the same finding.
    shape = PROJECT / "tests" / "fixtures" / "shapes" / "0.12" / "prosody-include-missing"
    stdout = manifesto("check", shape.relative_to(PROJECT)).stdout
    lines = [line for line in stdout.splitlines() if "hosts.cfg.lua not found" in line]
    assert len(lines) == 1
    assert ":8: MF001-MF010 error: Include /etc/prosody/hosts.cfg.lua not found" in lines[0]
    assert "10 errors" in stdout  # each verdict still counts its finding
