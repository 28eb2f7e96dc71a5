"""Negative control: a deliberately weakened Prosody config must look weak live AND statically.

Same harness as the reference tests, three edits on top of the deployment
rewrites: TLS optional for clients, a non-forward-secret suite (static RSA
key exchange) added, TLS 1.0 allowed. This proves the probe can see a
failure, and shows how a "live stricter than the config" case is reported.
"""

from __future__ import annotations

import pytest
from support.skipping import require_program

from live.conftest import PROJECT_ROOT, LiveSetup, make_setup, stop_at_end
from live.deployment import Rewrite, prosody_rewrites
from live.server_process import RunningServer, start_prosody
from live.xmpp.scenario import probe_endpoints, rule_comparison, static_verdicts
from live.xmpp.xmpp_live_verdicts import live_verdicts

CONFIG = "configs/IM/Prosody/0.12/prosody.cfg.lua"

WEAKENINGS = (
    Rewrite(r"c2s_require_encryption = true", "c2s_require_encryption = false", 1),
    Rewrite(r'(\tciphers = ".*)";', r'\g<1>:AES128-GCM-SHA256";', 1),
    Rewrite(r'\tprotocol = "tlsv1_2\+";', '\tprotocol = "tlsv1+";', 1),
)


def weak_rewrites(deployment) -> tuple[Rewrite, ...]:
    return prosody_rewrites(deployment) + WEAKENINGS


@pytest.fixture(scope="module")
def setup(live_folder) -> LiveSetup:
    require_program("prosody", "prosody")
    return make_setup(
        PROJECT_ROOT / CONFIG, "Prosody/0.12", weak_rewrites, ("c2s", "s2s"), live_folder
    )


@pytest.fixture(scope="module")
def probes(request, setup: LiveSetup):
    server: RunningServer = start_prosody(
        setup.rendered, setup.deployment.folder, setup.deployment.ports
    )
    stop_at_end(request, server)
    return probe_endpoints(setup, "weak-Prosody")


@pytest.fixture(scope="module")
def comparisons(probes, setup: LiveSetup):
    verdicts = static_verdicts(setup.rendered)
    live = live_verdicts(probes, web_admin_tls=None)
    return {rule: rule_comparison(rule, verdicts, live, setup) for rule in live}


def test_optional_client_tls_is_seen_live(probes) -> None:
    starttls = probes["c2s"].starttls
    assert starttls is not None
    assert not starttls.required
    assert starttls.can_skip_tls, starttls


def test_non_forward_secret_suite_is_seen_live(probes) -> None:
    assert "TLS_RSA_WITH_AES_128_GCM_SHA256" in probes["c2s"].non_forward_secret_suites


@pytest.mark.parametrize("rule", ["MF001", "MF003"])
def test_weakness_fails_both_live_and_statically(rule, comparisons) -> None:
    comparison = comparisons[rule]
    assert comparison.outcome == "agree", comparison.message
    assert "static fail" in comparison.message and "live fail" in comparison.message


def test_tls10_allowed_by_config_but_refused_by_system_openssl_is_not_a_failure(
    comparisons, probes
) -> None:
    assert "TLSv1" not in probes["c2s"].accepted_versions
    comparison = comparisons["MF004"]
    assert comparison.outcome == "live-stricter", comparison.message
    assert "system OpenSSL" in comparison.message
    assert not comparison.is_failure
