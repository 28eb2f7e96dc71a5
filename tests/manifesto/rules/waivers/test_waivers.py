"""Waivers from tls_manifesto.toml: applied and shown, stale ones are errors, bad files located."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixture_loading import FIXTURES
from tls_manifesto.cli.exit_codes import ExitCode
from tls_manifesto.engine.check import check_config_file, check_paths, pass_evidence
from tls_manifesto.model import ConfigError
from tls_manifesto.verdicts import Status


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A config tree with one config that fails MF003 (static RSA suites first)."""
    config_dir = tmp_path / "configs" / "IM" / "ejabberd" / "23.01"
    config_dir.mkdir(parents=True)
    shutil.copy(FIXTURES / "MF003" / "fail.yml", config_dir / "ejabberd.yml")
    return tmp_path / "configs"


def _waiver(project: Path, rule: str = "MF003", extra: str = "") -> None:
    (project / "manifesto.toml").write_text(
        "# waivers\n\n[[waiver]]\n"
        'path = "IM/ejabberd/23.01/ejabberd.yml"\n'
        f'rule = "{rule}"\n'
        'reason = "clients of this server only speak RSA key exchange"\n' + extra
    )


def test_waiver_replaces_fail_and_keeps_status_and_reason(project: Path) -> None:
    _waiver(project)
    run = check_paths([project])
    (check,) = run.checks
    waived = next(v for v in check.verdicts if v.rule == "MF003")
    assert waived.status is Status.WAIVED
    assert waived.waived_status is Status.FAIL
    assert waived.waiver_reason == "clients of this server only speak RSA key exchange"
    assert waived.findings, "a waived verdict keeps its findings, to be shown as waived"
    assert not any(f.rule == "MF003" for f in run.findings)


def test_waiver_for_a_rule_that_passes_is_stale_with_its_toml_line(project: Path) -> None:
    _waiver(project, rule="MF001")
    run = check_paths([project])
    (stale,) = run.waiver_findings
    assert stale.path.endswith("manifesto.toml") and stale.line == 3
    assert "stale waiver: MF001 does not fail" in stale.message
    assert ExitCode.of_run(run) is ExitCode.FINDINGS


def test_waiver_for_a_missing_file_is_stale(project: Path) -> None:
    _waiver(project)
    (project / "manifesto.toml").write_text(
        (project / "manifesto.toml").read_text().replace("23.01", "9.9")
    )
    run = check_paths([project])
    assert any("does not exist" in f.message for f in run.waiver_findings)


def test_waiver_for_another_policy_neither_applies_nor_goes_stale(project: Path) -> None:
    _waiver(project, extra='policy = "prefer-fs"\n')
    run = check_paths([project], policy="require-fs")
    verdict = next(v for v in run.checks[0].verdicts if v.rule == "MF003")
    assert verdict.status is Status.FAIL and not run.waiver_findings


def test_bad_toml_is_a_located_error(project: Path) -> None:
    (project / "manifesto.toml").write_text('[[waiver]]\npath = "x"\nrule = \n')
    with pytest.raises(ConfigError) as caught:
        check_paths([project])
    assert caught.value.line == 3 and caught.value.path.endswith("manifesto.toml")


def test_waiver_missing_a_reason_is_a_located_error(project: Path) -> None:
    (project / "manifesto.toml").write_text('\n[[waiver]]\npath = "x"\nrule = "MF003"\n')
    with pytest.raises(ConfigError, match="'reason'") as caught:
        check_paths([project])
    assert caught.value.line == 2


def test_unknown_rule_in_waiver_is_refused(project: Path) -> None:
    _waiver(project, rule="MF999")
    with pytest.raises(ConfigError, match="unknown rule 'MF999'"):
        check_paths([project])


def test_check_config_file_applies_the_nearest_waivers(project: Path) -> None:
    _waiver(project)
    verdicts = check_config_file(project / "IM" / "ejabberd" / "23.01" / "ejabberd.yml")
    assert {v.rule: v.status for v in verdicts}["MF003"] is Status.WAIVED


def test_pass_evidence_lists_the_lines_of_passing_verdicts(project: Path) -> None:
    config_path = project / "IM" / "ejabberd" / "23.01" / "ejabberd.yml"
    verdicts = check_config_file(config_path)
    lines = config_path.read_text().splitlines()
    evidence = pass_evidence(verdicts)
    assert any(lines[e.line - 1].strip() == "starttls_required: true" for e in evidence)
    # MF003 fails on this config, so its cipher line is no pass evidence.
    assert not any(lines[e.line - 1].strip().startswith("ciphers:") for e in evidence)
