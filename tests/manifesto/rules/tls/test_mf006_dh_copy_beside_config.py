"""MF006 measures the copy beside the config of a DH file named by a deployment path."""

from __future__ import annotations

import shutil
from pathlib import Path

from fixture_loading import FIXTURES
from tls_manifesto.engine.loader import load_config
from tls_manifesto.rules import RULES_BY_ID, CheckOptions
from tls_manifesto.verdicts import Severity, Status

# A directory no test machine has, so the configured path is never found as written.
DEPLOYMENT_DIR = "/nonexistent-deployment-host/etc/ejabberd"
MF006 = FIXTURES / "MF006"


def _project(tmp_path: Path, dhfile: str, copy: str | None, copy_name: str = "dh2048.pem") -> Path:
    config_dir = tmp_path / "23.01"
    config_dir.mkdir()
    text = (MF006 / "pass.yml").read_text().replace("dhfile: dh2048.pem", f"dhfile: {dhfile}")
    (config_dir / "ejabberd.yml").write_text(text)
    if copy is not None:
        shutil.copy(MF006 / copy, config_dir / copy_name)
    return config_dir / "ejabberd.yml"


def _check(path: Path):
    return RULES_BY_ID["MF006"].check(load_config(path), CheckOptions())


def test_absolute_path_is_measured_through_the_copy_beside_the_config(tmp_path: Path) -> None:
    path = _project(tmp_path, f"{DEPLOYMENT_DIR}/dh2048.pem", "dh2048.pem")
    verdict = _check(path)
    assert verdict.status is Status.PASS, verdict
    assert verdict.findings == ()  # measured, so no "not there to measure" warning
    beside = path.parent / "dh2048.pem"
    assert f"measured the copy beside the config: {beside}, 2048 bits" in verdict.summary
    assert [e.line for e in verdict.evidence] == [12]


def test_a_weak_copy_beside_the_config_fails_and_names_the_copy(tmp_path: Path) -> None:
    path = _project(tmp_path, f"{DEPLOYMENT_DIR}/dh2048.pem", "dh1024.pem")
    verdict = _check(path)
    assert verdict.status is Status.FAIL
    (finding,) = verdict.findings
    assert finding.severity is Severity.ERROR and finding.line == 12
    assert "1024-bit prime" in finding.text
    assert f"{path.parent / 'dh2048.pem'} (the copy beside the config of" in finding.text


def test_without_a_copy_the_warning_names_both_places_looked(tmp_path: Path) -> None:
    path = _project(tmp_path, f"{DEPLOYMENT_DIR}/dh2048.pem", None)
    verdict = _check(path)
    assert verdict.status is Status.WARN
    (warning,) = verdict.findings
    assert warning.severity is Severity.WARNING and warning.line == 12
    assert "is not there to measure" in warning.text
    assert f"{DEPLOYMENT_DIR}/dh2048.pem and {path.parent / 'dh2048.pem'}" in warning.text


def test_only_the_same_base_name_counts_as_the_copy(tmp_path: Path) -> None:
    path = _project(tmp_path, f"{DEPLOYMENT_DIR}/dh2048.pem", "dh2048.pem", "dhparams.pem")
    verdict = _check(path)
    assert [f.severity for f in verdict.findings] == [Severity.WARNING]
    assert "measured the copy" not in verdict.summary


def test_a_missing_relative_path_is_not_looked_up_by_base_name(tmp_path: Path) -> None:
    path = _project(tmp_path, "params/dh2048.pem", "dh2048.pem")
    verdict = _check(path)
    (warning,) = verdict.findings
    assert "is not there to measure" in warning.text
    assert "measured the copy" not in verdict.summary
