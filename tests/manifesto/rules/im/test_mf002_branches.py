"""The branches of MF002 (server-to-server connections require TLS) that no fixture config reaches,
on models built in code."""

from __future__ import annotations

from model_builders import setting, tls_listener
from rule_checks import OTHER_SOURCE, TLS_SOURCE, check_rule, host
from tls_manifesto.verdicts import Status


def test_s2s_endpoints_on_the_default_are_all_named_with_its_source() -> None:
    verdict = check_rule(
        "MF002",
        host("VirtualHost a.org", role="s2s"),
        host("VirtualHost b.org", role="s2s", line=20),
        default_tls_required=frozenset({"s2s"}),
        sources=(OTHER_SOURCE, TLS_SOURCE),
    )
    assert verdict.status is Status.PASS
    assert verdict.summary == (
        "server-to-server connections require TLS; VirtualHost a.org, VirtualHost b.org by "
        "the default of ejabberd 99.1, s2s_require_encryption = true (source: unit: "
        "c2s_require_encryption = true, s2s_require_encryption = true <https://e.org/t>)"
    )


def test_s2s_peer_authentication_alone_requires_tls_and_is_cited() -> None:
    endpoint = tls_listener(
        role="s2s", tls_required=None, peer_authentication_required=setting(True, 16)
    )
    verdict = check_rule("MF002", endpoint)
    assert verdict.status is Status.PASS
    assert [e.line for e in verdict.evidence] == [16]


def test_s2s_tls_required_and_peer_authentication_are_both_cited() -> None:
    endpoint = tls_listener(role="s2s", peer_authentication_required=setting(True, 16))
    assert [e.line for e in check_rule("MF002", endpoint).evidence] == [11, 16]
