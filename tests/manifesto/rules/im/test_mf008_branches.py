"""The branches of MF008 (the web admin over TLS) that no fixture config reaches,
on models built in code."""

from __future__ import annotations

from model_builders import PATH, setting, tls_listener
from rule_checks import check_rule
from tls_manifesto.verdicts import Status


def test_a_web_admin_with_tls_off_points_at_that_line_and_every_listener_is_judged() -> None:
    verdict = check_rule(
        "MF008",
        tls_listener(role="http", web_admin=True, direct_tls=setting(True, 11)),
        tls_listener(
            name="listener 5281", role="http", web_admin=True, direct_tls=setting(False, 21)
        ),
    )
    assert verdict.status is Status.FAIL
    assert verdict.summary == "the web admin is plaintext"
    assert [(f.line, f.endpoint) for f in verdict.findings] == [(21, "listener 5281")]
    assert [e.line for e in verdict.evidence] == [11]


def test_not_applicable_verdicts_name_the_config() -> None:
    verdict = check_rule("MF008", tls_listener())
    assert verdict.status is Status.NOT_APPLICABLE
    assert (verdict.path, verdict.summary) == (PATH, "no listener serves the web admin")
