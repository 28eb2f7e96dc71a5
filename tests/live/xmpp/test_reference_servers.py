"""Each reference config, run by the real server and probed over TLS: the same tests per server.

The cases are in reference_servers.py. A test marked ``servers(NAME, ...)``
runs only for those cases; the others run for every case. Fixtures are per
module and per case, so each server starts once and is stopped by PID.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
from support.skipping import require_program
from tls_manifesto.probe.render import summary
from tls_manifesto.probe.results import ProbeResult
from tls_manifesto.verdicts import Verdict

from live.conftest import PROJECT_ROOT, LiveSetup, make_live_folder, make_setup, stop_at_end
from live.server_process import RunningServer, prosody_config_check
from live.xmpp.reference_servers import CASES, ServerCase
from live.xmpp.scenario import (
    RULE_IDS,
    changed_tls_lines,
    check_committed,
    judge,
    probe_endpoints,
    rule_comparison,
    static_verdicts,
    web_admin_only_over_tls,
)
from live.xmpp.xmpp_live_verdicts import live_verdicts


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("servers")
    cases = [c for c in CASES if marker is None or c.name in marker.args]
    metafunc.parametrize("case", cases, ids=str, indirect=True, scope="module")


@pytest.fixture(scope="module")
def case(request: pytest.FixtureRequest) -> ServerCase:
    return request.param


@pytest.fixture(scope="module")
def setup(case: ServerCase) -> Iterator[LiveSetup]:
    for program, package in case.programs:
        require_program(program, package)
    with make_live_folder() as folder:
        yield make_setup(PROJECT_ROOT / case.config, case.name, case.rewrites, case.roles, folder)


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, case: ServerCase, setup: LiveSetup) -> RunningServer:
    return stop_at_end(request, case.start(setup))


@pytest.fixture(scope="module")
def startup_log(server: RunningServer) -> str:
    """The server's log once it listens, before any probe connected."""
    return server.log_text()


@pytest.fixture(scope="module")
def probes(startup_log: str, case: ServerCase, setup: LiveSetup) -> dict[str, ProbeResult]:
    return probe_endpoints(setup, case.name)


@pytest.fixture(scope="module")
def verdicts(setup: LiveSetup) -> tuple[Verdict, ...]:
    return static_verdicts(setup.rendered)


@pytest.fixture(scope="module")
def web_admin_tls(case: ServerCase, server: RunningServer, setup: LiveSetup) -> bool | None:
    if not case.web_admin:
        return None
    return web_admin_only_over_tls(setup.deployment.ports["http"], setup.deployment.host)


def test_rendered_copy_changes_no_tls_setting(setup: LiveSetup) -> None:
    assert changed_tls_lines(setup, static_verdicts(setup.reference)) == []


def test_server_starts_on_the_config_without_complaints(case: ServerCase, startup_log: str) -> None:
    problems = case.log_problems(startup_log)
    assert problems == [], f"{case.name} complained about the config:\n" + "\n".join(problems)


@pytest.mark.servers("Prosody/0.12")
def test_prosody_logs_no_complaint_while_probed(
    case: ServerCase, server: RunningServer, probes
) -> None:
    # Complaints that appear only once connections use the TLS settings count
    # too; the probe's own early <auth/> on s2s is expected (PROBE_CAUSED).
    # ejabberd logs every handshake the probe fails on purpose (SSLv3, ...)
    # as a warning, so for it only the start-up log is judged.
    problems = case.log_problems(server.log_text())
    assert problems == [], f"{case.name} complained while probed:\n" + "\n".join(problems)


def test_starttls_is_required_and_auth_before_tls_is_refused(probes) -> None:
    for role, result in probes.items():
        assert result.starttls is not None
        assert result.starttls.required, f"{role}: {result.starttls.features_before_tls}"
        assert result.starttls.mechanisms_before_tls == (), role
        assert result.starttls.auth_before_tls_refused, f"{role}: {result.starttls.auth_reply}"
        assert result.starttls.proceeded, role


# MF010 is never observable here: the probe offers no TLS compression and Debian's
# OpenSSL has no compression methods (the matrix's no-compression-probe, docs/probe.md).
OBSERVABLE_RULE_IDS = tuple(rule for rule in RULE_IDS if rule != "MF010")


@pytest.mark.parametrize("rule", OBSERVABLE_RULE_IDS)
def test_live_verdict_matches_static_verdict(
    rule: str, probes, verdicts, web_admin_tls, setup: LiveSetup
) -> None:
    live = live_verdicts(probes, web_admin_tls)
    judge(rule_comparison(rule, verdicts, live, setup))


def test_committed_probe_results_match_a_fresh_probe(
    case: ServerCase, probes, refresh_probe_results: bool
) -> None:
    check_committed(case.name, case.config, probes, refresh_probe_results)


def test_probe_cli_reports_what_the_library_found(
    server: RunningServer, probes, setup: LiveSetup
) -> None:
    port = setup.deployment.ports["c2s"]
    done = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "probe", f"127.0.0.1:{port}"]
        + ["--xmpp-host", setup.deployment.host, "--format", "json", "--timeout", "10"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["port"] == port
    assert report["summary"] == json.loads(json.dumps(summary(probes["c2s"])))


@pytest.mark.servers("ejabberd/23.01")
def test_web_admin_answers_only_over_tls(web_admin_tls: bool | None) -> None:
    assert web_admin_tls is True


@pytest.mark.servers("Prosody/0.12")
def test_prosodyctl_check_config_passes(setup: LiveSetup) -> None:
    status, output = prosody_config_check(setup.rendered)
    assert status == 0, f"prosodyctl check config rejected the config:\n{output}"
    assert "All checks passed" in output, output
    assert "error" not in output.lower(), output


@pytest.mark.servers("Prosody/0.12")
def test_configured_curves_are_the_ones_used(probes) -> None:
    # curveslist = { "X25519", "P-384", "P-256" } in the reference config; sslyze's
    # client names them X25519, secp384r1, prime256v1/secp256r1.
    allowed = {"X25519", "secp384r1", "prime256v1", "secp256r1"}
    used = {s.curve for r in probes.values() for s in r.accepted_suites if s.curve}
    assert used and used <= allowed, used
