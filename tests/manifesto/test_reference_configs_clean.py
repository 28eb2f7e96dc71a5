"""``manifesto check --policy require-fs configs`` on the shipped reference configs:
exit 0, no finding outside a waiver, and defaults judged rather than skipped."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def report() -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", "--policy", "require-fs",
         "--format", "json", "configs"],
        capture_output=True, text=True, cwd=PROJECT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def _verdict(report: dict, path: str, rule: str) -> dict:
    (found,) = [v for v in report["verdicts"] if v["path"] == path and v["rule"] == rule]
    return found


def test_no_finding_is_left_outside_a_waiver(report: dict) -> None:
    assert [f for f in report["findings"] if not f["waived"]] == []


def test_ejabberd_2_defaults_are_judged_and_waived_with_a_reason(report: dict) -> None:
    for rule, status in (("MF004", "fail"), ("MF005", "warn")):
        verdict = _verdict(report, "configs/IM/ejabberd/2.1.10/ejabberd.cfg", rule)
        assert verdict["status"] == "waived" and verdict["waived_status"] == status
        assert "2.1.10" in verdict["waiver_reason"]


def test_charybdis_cipher_order_passes_on_its_default(report: dict) -> None:
    verdict = _verdict(report, "configs/IM/Charybdis/ircd.conf", "MF005")
    assert verdict["status"] == "pass"
    assert "the server's cipher order" in verdict["summary"]


def test_dh_files_named_by_deployment_paths_are_measured_beside_the_configs(report: dict) -> None:
    for path in (
        "configs/IM/ejabberd/23.01/ejabberd.yml",
        "configs/IM/Prosody/0.12/prosody.cfg.lua",
    ):
        verdict = _verdict(report, path, "MF006")
        assert verdict["status"] == "pass"
        assert "measured the copy beside the config" in verdict["summary"]
        assert "2048 bits" in verdict["summary"]


def test_ejabberd_2_negotiates_no_dhe_so_mf006_needs_no_waiver(report: dict) -> None:
    verdict = _verdict(report, "configs/IM/ejabberd/2.1.10/ejabberd.cfg", "MF006")
    assert verdict["status"] == "not-applicable" and verdict["waiver_reason"] is None
    assert "ejabberd 2.1.10 negotiates no DHE suite" in verdict["summary"]


def test_ejabberd_14_12_web_admin_fails_mf006_on_the_builtin_1024_bit_group(report: dict) -> None:
    verdict = _verdict(report, "configs/IM/ejabberd/14.12/ejabberd.yml", "MF006")
    assert verdict["status"] == "waived" and verdict["waived_status"] == "fail"
    (finding,) = [
        f
        for f in report["findings"]
        if f["rule"] == "MF006" and f["path"] == "configs/IM/ejabberd/14.12/ejabberd.yml"
    ]
    assert finding["severity"] == "error" and finding["endpoint"] == "listener 5280"
    assert (
        "built-in 1024-bit group, the 1024-bit MODP group of RFC 5114 section 2.1"
        in (finding["message"])
    )
