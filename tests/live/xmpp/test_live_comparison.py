"""How a static verdict and a live one are compared, and what the live tests do with each."""

from __future__ import annotations

import pytest
from support.probe_samples import BROKEN, sound_result
from tls_manifesto.verdicts import Status, Verdict

from live.live_verdicts import LiveVerdict, compare
from live.probe_records import COMMITTED_RESULTS
from live.xmpp.scenario import check_committed, judge


def static(status: Status) -> Verdict:
    return Verdict(rule="MF007", path="ejabberd.yml", status=status, summary="static summary")


def live(status: str) -> LiveVerdict:
    return LiveVerdict("MF007", status, "live evidence")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("static_status", "live_status", "outcome", "failure"),
    [
        (Status.PASS, "pass", "agree", False),
        (Status.PASS, "fail", "live-weaker", True),
        (Status.FAIL, "pass", "live-stricter", True),
        (Status.NOT_APPLICABLE, "not-observed", "not-applicable", False),
        (Status.NOT_APPLICABLE, "pass", "not-applicable", False),
        (Status.NOT_APPLICABLE, "fail", "live-weaker", True),
        (Status.PASS, "not-observed", "one-sided", False),
    ],
)
def test_outcome_of_each_pair(static_status, live_status, outcome, failure) -> None:
    comparison = compare(static(static_status), live(live_status), system_refuses_obsolete=False)
    assert comparison.outcome == outcome, comparison
    assert comparison.is_failure is failure


def test_nothing_to_compare_is_a_skip_naming_the_rule(monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    comparison = compare(static(Status.NOT_APPLICABLE), live("not-observed"), False)
    with pytest.raises(pytest.skip.Exception, match="MF007 not applicable"):
        judge(comparison)


def test_a_static_verdict_not_checked_live_skips_locally(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    comparison = compare(static(Status.PASS), live("not-observed"), False)
    with pytest.raises(pytest.skip.Exception, match="MF007 not compared"):
        judge(comparison)


def test_a_static_verdict_not_checked_live_fails_under_ci(monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    comparison = compare(static(Status.PASS), live("not-observed"), False)
    with pytest.raises(pytest.fail.Exception, match="MF007 not compared"):
        judge(comparison)


def test_a_disagreement_fails(monkeypatch) -> None:
    comparison = compare(static(Status.PASS), live("fail"), False)
    with pytest.raises(AssertionError, match="weaker than its config"):
        judge(comparison)


def test_refreshing_still_asserts_the_probe_invariants() -> None:
    before = COMMITTED_RESULTS.read_bytes()
    broken = BROKEN["accepted-without-suites"](sound_result())
    with pytest.raises(AssertionError, match="the probe contradicts itself"):
        check_committed("ejabberd/23.01", "configs/x", {"c2s": broken}, refresh=True)
    assert COMMITTED_RESULTS.read_bytes() == before, "a contradictory probe was written"
