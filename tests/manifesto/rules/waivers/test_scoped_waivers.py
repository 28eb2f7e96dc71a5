"""Waivers scoped to one endpoint excuse only findings about it, never a problem elsewhere.

The end-to-end cases run ``manifesto check`` as a subprocess on a copy of the
reference configs and their manifesto.toml, and read its JSON and SARIF.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from model_builders import PATH, config, setting, tls_listener
from tls_manifesto.engine.waivers import Waiver, WaiverFile, apply_waivers
from tls_manifesto.model import ConfigError
from tls_manifesto.rules.base import CheckOptions, Judgement
from tls_manifesto.rules.tls import forward_secrecy
from tls_manifesto.verdicts import Severity, Status

PROJECT = Path(__file__).resolve().parents[4]
EJABBERD_14_12 = Path("IM/ejabberd/14.12/ejabberd.yml")
WEB_ADMIN = "listener 5280"
CLIENT_LISTENER = "listener 5222"
# Static-RSA suites (no forward secrecy), as openssl-ciphers(1) names them.
NON_FS_SUITE = "AES128-GCM-SHA256"


@pytest.fixture
def configs(tmp_path: Path) -> Path:
    """A copy of the reference configs with their manifesto.toml."""
    copy = tmp_path / "configs"
    shutil.copytree(PROJECT / "configs", copy)
    return copy


def manifesto(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=False,
    )


def check_json(configs: Path) -> tuple[int, dict[str, Any]]:
    result = manifesto("check", "--policy", "require-fs", "--format", "json", configs)
    assert result.stdout, result.stderr
    return result.returncode, json.loads(result.stdout)


def add_non_fs_suite_to_client_listener(configs: Path) -> int:
    """Append a static-RSA suite to the c2s ``ciphers`` of the 14.12 copy; return its line."""
    path = configs / EJABBERD_14_12
    lines = path.read_text().splitlines(keepends=True)
    (number,) = [i for i, line in enumerate(lines, 1) if line.strip().startswith("ciphers: ")]
    lines[number - 1] = lines[number - 1].replace('"\n', f':{NON_FS_SUITE}"\n')
    path.write_text("".join(lines))
    return number


def findings_of(report: dict[str, Any], rule: str, config: Path) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["rule"] == rule and f["path"].endswith(str(config))]


def toml_line(toml: Path, text: str) -> int:
    (number,) = [i for i, line in enumerate(toml.read_text().splitlines(), 1) if text in line]
    return number


def test_reference_copy_is_clean_with_the_web_admin_waivers_scoped(configs: Path) -> None:
    code, report = check_json(configs)
    assert code == 0, report["findings"]
    mf003 = findings_of(report, "MF003", EJABBERD_14_12)
    assert [(f["endpoint"], f["waived"]) for f in mf003] == [(WEB_ADMIN, True)]


def test_non_fs_suite_on_the_client_listener_fails_despite_the_web_admin_waiver(
    configs: Path,
) -> None:
    line = add_non_fs_suite_to_client_listener(configs)
    code, report = check_json(configs)
    assert code == 1
    mf003 = {f["endpoint"]: f for f in findings_of(report, "MF003", EJABBERD_14_12)}
    assert set(mf003) == {WEB_ADMIN, CLIENT_LISTENER}
    client = mf003[CLIENT_LISTENER]
    assert client["waived"] is False and client["waiver_reason"] is None
    assert client["line"] == line and NON_FS_SUITE in client["message"]
    assert mf003[WEB_ADMIN]["waived"] is True
    assert "ejabberd_http" in mf003[WEB_ADMIN]["waiver_reason"]
    (verdict,) = [
        v
        for v in report["verdicts"]
        if v["rule"] == "MF003" and v["path"].endswith(str(EJABBERD_14_12))
    ]
    assert verdict["status"] == "fail" and verdict["waiver_reason"] is None
    # The other web-admin waivers still excuse their rules whole.
    statuses = {
        v["rule"]: v["status"]
        for v in report["verdicts"]
        if v["path"].endswith(str(EJABBERD_14_12))
    }
    assert [statuses[r] for r in ("MF004", "MF005", "MF006")] == ["waived"] * 3


def test_text_report_counts_the_client_error_and_shows_the_web_admin_finding_waived(
    configs: Path,
) -> None:
    line = add_non_fs_suite_to_client_listener(configs)
    result = manifesto("check", "--policy", "require-fs", configs)
    assert result.returncode == 1
    config_path = str(configs / EJABBERD_14_12)
    assert f"{config_path}:{line}: MF003 error: " in result.stdout
    assert re.search(rf"{re.escape(config_path)}:\d+: MF003 waived error: ", result.stdout)
    assert "MF003 fail" in result.stdout
    assert ": 1 error, 0 warnings, 7 waived (and 1 waived finding in failing verdicts)" in (
        result.stdout
    )


def test_sarif_suppresses_only_the_web_admin_result(configs: Path) -> None:
    add_non_fs_suite_to_client_listener(configs)
    result = manifesto("check", "--policy", "require-fs", "--format", "sarif", configs)
    assert result.returncode == 1
    results = [
        r
        for r in json.loads(result.stdout)["runs"][0]["results"]
        if r["ruleId"] == "MF003"
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
            EJABBERD_14_12.as_posix()
        )
    ]
    by_endpoint = {r["properties"]["endpoint"]: r for r in results}
    assert set(by_endpoint) == {WEB_ADMIN, CLIENT_LISTENER}
    assert "suppressions" not in by_endpoint[CLIENT_LISTENER]
    (suppression,) = by_endpoint[WEB_ADMIN]["suppressions"]
    assert suppression["kind"] == "external" and "ejabberd_http" in suppression["justification"]


def test_scoped_waiver_that_excuses_nothing_is_stale_at_its_toml_line(configs: Path) -> None:
    toml = configs / "manifesto.toml"
    toml.write_text(
        toml.read_text()
        + "\n[[waiver]]\n"
        + f'path = "{EJABBERD_14_12.as_posix()}"\n'
        + 'rule = "MF003"\n'
        + f'endpoint = "{CLIENT_LISTENER}"\n'
        + 'reason = "the client listener needs no waiver"\n'
    )
    header = len(toml.read_text().splitlines()) - 4
    code, report = check_json(configs)
    assert code == 1
    (stale,) = [f for f in report["findings"] if f["rule"] == "stale-waiver"]
    assert stale["path"].endswith("manifesto.toml") and stale["line"] == header
    assert f"MF003 has no failing finding about '{CLIENT_LISTENER}'" in stale["message"]


def test_unknown_endpoint_is_refused_at_its_toml_line_with_the_config_endpoints(
    configs: Path,
) -> None:
    toml = configs / "manifesto.toml"
    toml.write_text(
        toml.read_text().replace(f'endpoint = "{WEB_ADMIN}"', 'endpoint = "listener 5281"', 1)
    )
    header = toml_line(toml, 'endpoint = "listener 5281"') - 3
    result = manifesto("check", "--policy", "require-fs", configs)
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert f"manifesto.toml:{header}: waiver endpoint 'listener 5281' is not an endpoint" in (
        result.stderr
    )
    for name in (CLIENT_LISTENER, "listener 5269", WEB_ADMIN, "outgoing s2s"):
        assert repr(name) in result.stderr


def test_endpoint_must_be_a_non_empty_string(configs: Path) -> None:
    toml = configs / "manifesto.toml"
    toml.write_text(toml.read_text().replace(f'endpoint = "{WEB_ADMIN}"', "endpoint = 5280", 1))
    result = manifesto("check", configs)
    assert result.returncode == 2
    assert "'endpoint' must be a non-empty string" in result.stderr


def _waiver_file(*waivers: tuple[str, str | None]) -> WaiverFile:
    target = Path(PATH).resolve()
    return WaiverFile(
        "manifesto.toml",
        tuple(
            Waiver(PATH, target, rule, f"reason {i}", "manifesto.toml", 3 + 4 * i, None, endpoint)
            for i, (rule, endpoint) in enumerate(waivers)
        ),
    )


def test_finding_at_a_cipher_line_two_endpoints_share_is_not_excused_by_a_scoped_waiver() -> None:
    shared = setting("AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256", 12)
    model = config(
        tls_listener(ciphers=shared),
        tls_listener(name=WEB_ADMIN, role="http", ciphers=shared),
    )
    verdict = forward_secrecy.RULE.check(model, CheckOptions())
    (finding,) = verdict.findings
    assert finding.endpoint is None  # fixing line 12 changes both listeners
    (after,), used = apply_waivers(
        [verdict], model, _waiver_file(("MF003", WEB_ADMIN)), "require-fs"
    )
    assert after.status is Status.FAIL and used == ()
    assert after.findings[0].waiver_reason is None


def test_unscoped_waiver_beside_a_scoped_one_excuses_the_rest() -> None:
    model = config(
        tls_listener(ciphers=setting("AES128-SHA", 12)),
        tls_listener(name=WEB_ADMIN, role="http", ciphers=setting("AES256-SHA", 20)),
    )
    verdict = forward_secrecy.RULE.check(model, CheckOptions())
    assert {f.endpoint for f in verdict.findings} == {CLIENT_LISTENER, WEB_ADMIN}
    waivers = _waiver_file(("MF003", WEB_ADMIN), ("MF003", None))
    (after,), used = apply_waivers([verdict], model, waivers, "require-fs")
    assert after.status is Status.WAIVED and len(used) == 2
    reasons = {f.endpoint: f.waiver_reason for f in after.findings}
    assert reasons == {WEB_ADMIN: "reason 0", CLIENT_LISTENER: "reason 1"}


def test_apply_waivers_refuses_an_unknown_endpoint_even_under_another_policy() -> None:
    model = config(tls_listener())
    waivers = WaiverFile(
        "manifesto.toml",
        (
            Waiver(
                PATH,
                Path(PATH).resolve(),
                "MF003",
                "r",
                "manifesto.toml",
                7,
                "prefer-fs",
                "listener 9",
            ),
        ),
    )
    with pytest.raises(ConfigError) as caught:
        apply_waivers([], model, waivers, "require-fs")
    assert caught.value.line == 7
    assert "its endpoints: 'listener 5222'" in caught.value.message


def test_one_finding_reported_for_two_endpoints_names_neither() -> None:
    model = config(tls_listener())
    both = Judgement("MF004", model, CheckOptions(), model.endpoints)
    for endpoint in (tls_listener(), tls_listener(name=WEB_ADMIN)):
        both.report(Severity.ERROR, endpoint, "SSLv3 enabled", line=12)
    (merged,) = both.verdict("protocols").findings
    assert merged.endpoint is None
    assert merged.endpoints == (CLIENT_LISTENER, WEB_ADMIN)
    one = Judgement("MF004", model, CheckOptions(), model.endpoints)
    for _ in range(2):
        one.report(Severity.ERROR, tls_listener(), "SSLv3 enabled", line=12)
    (kept,) = one.verdict("protocols").findings
    assert kept.endpoint == CLIENT_LISTENER
