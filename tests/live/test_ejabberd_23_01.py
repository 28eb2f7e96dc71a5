"""The ejabberd 23.01 reference config, run by the real ejabberd and probed over TLS."""

from __future__ import annotations

import pytest
from support.skipping import require_program

from live.conftest import PROJECT_ROOT, LiveSetup, make_setup, stop_at_end
from live.deployment import ejabberd_rewrites, free_port
from live.live_verdicts import live_verdicts
from live.scenario import (
    RULE_IDS,
    changed_tls_lines,
    check_committed,
    probe_endpoints,
    readable_verdicts,
    rule_comparison,
    static_verdicts,
    web_admin_only_over_tls,
)
from live.server_process import RunningServer, ejabberd_config_problems, start_ejabberd

CONFIG = "configs/IM/ejabberd/23.01/ejabberd.yml"
NAME = "ejabberd/23.01"


@pytest.fixture(scope="module")
def setup(live_folder) -> LiveSetup:
    require_program("ejabberdctl", "ejabberd")
    require_program("erl", "erlang-base")
    return make_setup(
        PROJECT_ROOT / CONFIG, NAME, ejabberd_rewrites, ("c2s", "s2s", "http"), live_folder
    )


@pytest.fixture(scope="module")
def server(request, setup: LiveSetup) -> RunningServer:
    folder = setup.deployment.folder
    running = start_ejabberd(setup.rendered, folder, setup.deployment.ports, free_port())
    return stop_at_end(request, running)


@pytest.fixture(scope="module")
def probes(server: RunningServer, setup: LiveSetup):
    return probe_endpoints(setup, NAME)


@pytest.fixture(scope="module")
def verdicts(setup: LiveSetup):
    return static_verdicts(setup.rendered)


def test_rendered_copy_changes_no_tls_setting(setup: LiveSetup) -> None:
    reference_verdicts = readable_verdicts(setup.reference)
    assert changed_tls_lines(setup, reference_verdicts) == []


def test_ejabberd_starts_on_the_config_without_option_warnings(server: RunningServer) -> None:
    problems = ejabberd_config_problems(server.log_text())
    assert problems == [], "ejabberd complained about the config:\n" + "\n".join(problems)


def test_starttls_is_required_and_auth_before_tls_is_refused(probes) -> None:
    for role, result in probes.items():
        assert result.starttls is not None
        assert result.starttls.required, f"{role}: {result.starttls.features_before_tls}"
        assert result.starttls.mechanisms_before_tls == (), role
        assert result.starttls.auth_before_tls_refused, f"{role}: {result.starttls.auth_reply}"
        assert result.starttls.proceeded, role


def test_web_admin_answers_only_over_tls(server: RunningServer, setup: LiveSetup) -> None:
    assert web_admin_only_over_tls(setup.deployment.ports["http"], setup.deployment.host)


@pytest.mark.parametrize("rule", RULE_IDS)
def test_live_verdict_matches_static_verdict(rule, probes, verdicts, setup: LiveSetup) -> None:
    web_admin = web_admin_only_over_tls(setup.deployment.ports["http"], setup.deployment.host)
    live = live_verdicts(probes, web_admin)
    comparison = rule_comparison(rule, verdicts, live, setup)
    print(f"{comparison.outcome}: {comparison.message}")
    assert not comparison.is_failure, comparison.message


def test_committed_probe_results_match_a_fresh_probe(probes, refresh_probe_results) -> None:
    check_committed(NAME, CONFIG, probes, refresh_probe_results)
