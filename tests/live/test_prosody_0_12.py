"""The Prosody 0.12 reference config, run by the real Prosody and probed over TLS."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support.skipping import require_program

from live.conftest import PROJECT_ROOT, LiveSetup, make_setup, stop_at_end
from live.deployment import prosody_rewrites
from live.live_verdicts import live_verdicts
from live.scenario import (
    RULE_IDS,
    changed_tls_lines,
    check_committed,
    probe_endpoints,
    readable_verdicts,
    rule_comparison,
    static_verdicts,
)
from live.server_process import (
    RunningServer,
    prosody_config_check,
    prosody_log_problems,
    start_prosody,
)

CONFIG = "configs/IM/Prosody/0.12/prosody.cfg.lua"
NAME = "Prosody/0.12"


@pytest.fixture(scope="module")
def setup(live_folder) -> LiveSetup:
    require_program("prosody", "prosody")
    require_program("lua5.4", "lua5.4")
    return make_setup(PROJECT_ROOT / CONFIG, NAME, prosody_rewrites, ("c2s", "s2s"), live_folder)


@pytest.fixture(scope="module")
def server(request, setup: LiveSetup) -> RunningServer:
    running = start_prosody(setup.rendered, setup.deployment.folder, setup.deployment.ports)
    return stop_at_end(request, running)


@pytest.fixture(scope="module")
def probes(server: RunningServer, setup: LiveSetup):
    return probe_endpoints(setup, NAME)


@pytest.fixture(scope="module")
def verdicts(setup: LiveSetup):
    return static_verdicts(setup.rendered)


def test_rendered_copy_changes_no_tls_setting(setup: LiveSetup) -> None:
    assert changed_tls_lines(setup, readable_verdicts(setup.reference)) == []


def test_prosodyctl_check_config_passes(setup: LiveSetup) -> None:
    status, output = prosody_config_check(setup.rendered)
    assert status == 0, f"prosodyctl check config rejected the config:\n{output}"
    assert "All checks passed" in output, output
    assert "error" not in output.lower(), output


def test_prosody_starts_on_the_config_without_warnings(server: RunningServer, probes) -> None:
    problems = prosody_log_problems(server.log_text())
    assert problems == [], "Prosody complained:\n" + "\n".join(problems)


def test_starttls_is_required_and_auth_before_tls_is_refused(probes) -> None:
    for role, result in probes.items():
        assert result.starttls is not None
        assert result.starttls.required, f"{role}: {result.starttls.features_before_tls}"
        assert result.starttls.mechanisms_before_tls == (), role
        assert result.starttls.auth_before_tls_refused, f"{role}: {result.starttls.auth_reply}"
        assert result.starttls.proceeded, role


def test_configured_curves_are_the_ones_used(probes) -> None:
    # curveslist = { "X25519", "P-384", "P-256" } in the reference config; sslyze's
    # client names them X25519, secp384r1, prime256v1/secp256r1.
    allowed = {"X25519", "secp384r1", "prime256v1", "secp256r1"}
    used = {s.curve for r in probes.values() for s in r.accepted_suites if s.curve}
    assert used and used <= allowed, used


@pytest.mark.parametrize("rule", RULE_IDS)
def test_live_verdict_matches_static_verdict(rule, probes, verdicts, setup: LiveSetup) -> None:
    live = live_verdicts(probes, web_admin_tls=None)
    comparison = rule_comparison(rule, verdicts, live, setup)
    print(f"{comparison.outcome}: {comparison.message}")
    assert not comparison.is_failure, comparison.message


def test_committed_probe_results_match_a_fresh_probe(probes, refresh_probe_results) -> None:
    check_committed(NAME, CONFIG, probes, refresh_probe_results)


def test_probe_cli_reports_the_live_server_as_json(server: RunningServer, setup: LiveSetup) -> None:
    port = setup.deployment.ports["c2s"]
    done = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.probe.cli", "probe", f"127.0.0.1:{port}"]
        + ["--xmpp-host", setup.deployment.host, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["port"] == port
    assert report["summary"]["starttls_required"] is True
    assert report["summary"]["accepted_versions"] == ["TLSv1.2", "TLSv1.3"]
    assert report["summary"]["smallest_dh_bits"] == 2048
