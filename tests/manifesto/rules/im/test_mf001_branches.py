"""The branches of MF001 (client connections require TLS) that no fixture config reaches,
on models built in code."""

from __future__ import annotations

from model_builders import PATH, setting, tls_listener
from rule_checks import OTHER_SOURCE, TLS_SOURCE, check_rule, findings_of, host
from tls_manifesto.verdicts import Status


def test_c2s_endpoints_on_the_default_are_all_named_with_its_source() -> None:
    verdict = check_rule(
        "MF001",
        host("VirtualHost a.org"),
        host("VirtualHost b.org", line=20),
        default_tls_required=frozenset({"c2s"}),
        sources=(OTHER_SOURCE, TLS_SOURCE),
    )
    assert verdict.status is Status.PASS and verdict.evidence == ()
    assert verdict.summary == (
        "all 2 client listeners require TLS; VirtualHost a.org, VirtualHost b.org by the "
        "default of ejabberd 99.1, c2s_require_encryption = true (source: unit: "
        "c2s_require_encryption = true, s2s_require_encryption = true <https://e.org/t>)"
    )


def test_an_irc_port_with_tls_switched_off_points_at_that_line() -> None:
    endpoint = tls_listener(
        role="irc-client", tls_required=None, direct_tls=setting(False, 12, "port = 6667;")
    )
    verdict = check_rule("MF001", endpoint)
    assert findings_of(verdict) == [
        ("error", 12, "plaintext client port", "require TLS on every client port")
    ]


def test_an_endpoint_declared_nowhere_gets_a_finding_without_a_line() -> None:
    verdict = check_rule("MF001", tls_listener(tls_required=None, evidence=()))
    assert [(f.line, f.path, f.evidence) for f in verdict.findings] == [(None, PATH, ())]
