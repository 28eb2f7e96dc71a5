"""MF010 (TLS compression off), on models built in code."""

from __future__ import annotations

from model_builders import PATH, setting, tls_listener
from rule_checks import check_rule, findings_of
from tls_manifesto.model import Evidence
from tls_manifesto.verdicts import Status


def test_compression_off_by_default_passes_and_cites_no_line() -> None:
    verdict = check_rule("MF010", tls_listener())
    assert verdict.status is Status.PASS
    assert verdict.summary.startswith(
        "TLS compression is off; where nothing is configured, the default of ejabberd 99.1"
        " on OpenSSL 1.1.0 or later, off (source: OpenSSL 1.1.0 CHANGES"
    )
    assert verdict.evidence == ()


def test_compression_turned_on_fails_at_its_line() -> None:
    on = setting(True, 30, "SSLCompression on")
    verdict = check_rule("MF010", tls_listener(tls_compression=on), chapter="web")
    assert verdict.status is Status.FAIL
    ((severity, line, message, detail),) = findings_of(verdict)
    assert (severity, line, message) == ("error", 30, "TLS compression enabled")
    assert "CRIME" in detail


def test_compression_turned_off_explicitly_is_cited() -> None:
    off = setting(False, 31, "SSLCompression off")
    verdict = check_rule("MF010", tls_listener(tls_compression=off), chapter="web")
    assert verdict.status is Status.PASS
    assert [e.line for e in verdict.evidence] == [31]


def test_a_default_on_and_an_unknown_default_both_fail() -> None:
    on_by_default = check_rule("MF010", tls_listener(), default_tls_compression=True)
    assert findings_of(on_by_default)[0][2] == "TLS compression enabled by default"
    unknown = check_rule("MF010", tls_listener(), default_tls_compression=None)
    assert unknown.status is Status.FAIL
    assert "no TLS compression set, and the default of" in findings_of(unknown)[0][2]


def test_a_finding_cites_the_compression_line_or_else_the_endpoint() -> None:
    on = setting(True, 30, "SSLCompression on")
    configured = check_rule("MF010", tls_listener(tls_compression=on), chapter="web")
    assert [e.line for e in configured.findings[0].evidence] == [30]
    by_default = check_rule("MF010", tls_listener(), default_tls_compression=True)
    assert [e.line for e in by_default.findings[0].evidence] == [10]


def test_an_unknown_default_fails_at_the_endpoint() -> None:
    verdict = check_rule("MF010", tls_listener(), default_tls_compression=None)
    assert findings_of(verdict)[0][:3] == (
        "error",
        10,
        "no TLS compression set, and the default of ejabberd 99.1 is not known",
    )


def test_every_endpoint_is_judged_after_an_unknown_or_a_passing_one() -> None:
    def listener(name: str, line: int, **fields: object):
        return tls_listener(name=name, evidence=(Evidence(PATH, line, name),), **fields)

    verdict = check_rule(
        "MF010",
        listener("site a", 20),  # left to the unknown default
        listener("site b", 21, tls_compression=setting(False, 31, "SSLCompression off")),
        listener("site c", 22, tls_compression=setting(True, 32, "SSLCompression on")),
        chapter="web",
        default_tls_compression=None,
    )
    assert [f[1] for f in findings_of(verdict)] == [20, 32]
