"""The branches of MF004 (protocol versions) that no fixture config reaches,
on models built in code."""

from __future__ import annotations

from model_builders import PATH, setting, tls_listener
from rule_checks import OTHER_SOURCE, check_rule
from tls_manifesto.model import Evidence, Setting, Source
from tls_manifesto.verdicts import Status


def test_a_finding_about_a_line_of_an_included_file_is_in_that_file() -> None:
    included = Setting(frozenset({"SSLv2"}), (Evidence("unit/tls.yml", 4, "protocol_options"),))
    verdict = check_rule("MF004", tls_listener(disabled_protocols=included))
    assert {(f.path, f.line) for f in verdict.findings} == {("unit/tls.yml", 4)}
    assert verdict.path == PATH
    assert all([(e.path, e.line) for e in f.evidence] == [("unit/tls.yml", 4)]
               for f in verdict.findings)  # fmt: skip


def test_protocols_the_library_never_offers_are_named_in_order_with_their_source() -> None:
    verdict = check_rule(
        "MF004",
        tls_listener(disabled_protocols=setting(frozenset({"TLSv1", "TLSv1.1"}), 15)),
        never_offered_protocols=frozenset({"SSLv3", "SSLv2"}),
        sources=(OTHER_SOURCE, Source("unit: SSL_OP_NO_SSLv3 always set", "https://e.org/p")),
    )
    assert verdict.status is Status.PASS
    assert verdict.summary == (
        "SSLv2, SSLv3, TLS 1.0 and TLS 1.1 are disabled; ejabberd 99.1 never offers SSLv2, "
        "SSLv3 (source: unit: SSL_OP_NO_SSLv3 always set <https://e.org/p>)"
    )
    assert [e.line for e in verdict.evidence] == [15]


def test_an_enabled_protocol_on_a_configured_list_cites_that_list() -> None:
    verdict = check_rule(
        "MF004", tls_listener(disabled_protocols=setting(frozenset({"SSLv2", "SSLv3"}), 15))
    )
    assert verdict.status is Status.WARN
    assert [(f.severity.value, f.line, f.message) for f in verdict.findings] == [
        ("warning", 15, "TLSv1, TLSv1.1 enabled")
    ]
    assert [e.line for e in verdict.findings[0].evidence] == [15]
    assert verdict.evidence == ()  # a list that leaves TLS 1.0 on proves nothing


def test_a_default_that_refuses_nothing_says_so() -> None:
    verdict = check_rule("MF004", tls_listener(), default_disabled_protocols=frozenset())
    assert verdict.summary.endswith(
        "where nothing is configured, the default of ejabberd 99.1, no protocol version "
        "refused (source: unit profile: default ciphers <https://example.org/ciphers>)"
    )
    assert [e.line for e in verdict.findings[0].evidence] == [10]


def test_a_pass_under_a_tls13_policy_says_every_older_version_is_disabled() -> None:
    refused = setting(frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"}), 14)
    verdict = check_rule(
        "MF004", tls_listener(disabled_protocols=refused), chapter="web", policy="mozilla-modern"
    )
    assert verdict.status is Status.PASS
    assert verdict.summary == "every version before TLS 1.3 is disabled"
