"""A branch several rules share that no fixture config reaches, on models built in code."""

from __future__ import annotations

from model_builders import tls_listener
from rule_checks import check_rule
from tls_manifesto.model import Setting
from tls_manifesto.verdicts import Status


def test_a_requirement_set_without_a_line_cites_the_endpoints_declaration() -> None:
    no_line = Setting(True, ())
    for rule, fields in (
        ("MF001", {"tls_required": None, "direct_tls": no_line}),
        ("MF001", {"tls_required": no_line}),
        ("MF002", {"role": "s2s", "tls_required": no_line}),
        ("MF002", {"role": "s2s", "tls_required": None, "peer_authentication_required": no_line}),
        ("MF008", {"role": "http", "web_admin": True, "direct_tls": no_line}),
    ):
        verdict = check_rule(rule, tls_listener(**fields))
        assert verdict.status is Status.PASS, (rule, fields)
        assert [e.line for e in verdict.evidence] == [10], (rule, fields)
