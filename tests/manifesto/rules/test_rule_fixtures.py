"""Every rule against its pass and fail fixture configs, through the real loader."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_loading import FIXTURES, load_fixture
from tls_manifesto.rules import ALL_RULES, RULES_BY_ID, CheckOptions
from tls_manifesto.verdicts import Severity, Status

FIXTURE_FILES = sorted(
    p for p in FIXTURES.glob("MF*/*") if p.name.split(".")[0] in ("pass", "fail")
)

# What a fail finding must say, so a fail for the wrong reason does not count.
FAIL_MESSAGES = {
    "MF001/fail.yml": "listener 5222: clients may log in without TLS",
    "MF001/fail.conf": "plaintext client port",
    "MF002/fail.yml": "connections without TLS accepted",
    "MF002/fail.cfg.lua": "connections without TLS accepted",
    "MF002/fail.conf": "flags = ssl in the connect block",
    "MF003/fail.yml": "non-forward-secret suites offered: AES128-SHA, CAMELLIA128-SHA",
    "MF004/fail.yml": "listener 5222: SSLv3 enabled",
    "MF005/fail.yml": "the client's cipher order decides",
    "MF006/fail.yml": "1024-bit prime",
    "MF007/fail.cfg.lua": "secp192r1",
    "MF008/fail.yml": "web admin served without TLS",
    "MF009/fail.yml": "TLS offered without a certificate",
    "MF010/fail.conf": "TLS compression enabled",
    "MF011/fail.conf": "non-AEAD suites offered: ECDHE-RSA-AES128-SHA256",
    "MF012/fail.conf": "max-age=86400 is shorter than",
    "MF013/fail.conf": "plain HTTP site does not redirect to https",
    "MF014/fail.cf": "the MX requires TLS",
    "MF015/fail.cf": "clients can authenticate before TLS",
    "MF016/fail.conf": "clients can log in before TLS",
}


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_every_rule_has_a_pass_and_a_fail_fixture() -> None:
    for rule in ALL_RULES:
        stems = {p.name.split(".")[0] for p in (FIXTURES / rule.id).iterdir()}
        assert {"pass", "fail"} <= stems, f"{rule.id} lacks a pass or fail fixture"


@pytest.mark.parametrize(
    "fixture", [p for p in FIXTURE_FILES if p.name.startswith("pass")], ids=_id
)
def test_pass_fixture_passes_and_cites_its_lines(fixture: Path) -> None:
    config = load_fixture(fixture)
    rule = RULES_BY_ID[fixture.parent.name]
    verdict = rule.check(config, CheckOptions("require-fs"))
    assert verdict.status is Status.PASS, verdict
    assert verdict.evidence, "a pass must cite the lines that prove it"
    lines = fixture.read_text().splitlines()
    for evidence in verdict.evidence:
        assert evidence.text.strip() == lines[evidence.line - 1].strip()


@pytest.mark.parametrize(
    "fixture", [p for p in FIXTURE_FILES if p.name.startswith("fail")], ids=_id
)
def test_fail_fixture_fails_at_a_located_line(fixture: Path) -> None:
    config = load_fixture(fixture)
    rule = RULES_BY_ID[fixture.parent.name]
    verdict = rule.check(config, CheckOptions("require-fs"))
    # A rule whose findings are warnings (MF005) warns; the others fail.
    expected_status = Status.WARN if rule.severity is Severity.WARNING else Status.FAIL
    assert verdict.status is expected_status, verdict
    lines = fixture.read_text().splitlines()
    for finding in verdict.findings:
        assert finding.rule == rule.id
        assert finding.line is not None and lines[finding.line - 1].strip()
    expected = FAIL_MESSAGES[_id(fixture)]
    assert any(expected in f.text for f in verdict.findings), verdict.findings


def test_protocol_fail_is_an_error_for_sslv3_and_a_warning_for_tls1() -> None:
    config = load_fixture(FIXTURES / "MF004" / "fail.yml")
    verdict = RULES_BY_ID["MF004"].check(config, CheckOptions())
    by_severity = {f.severity: f.text for f in verdict.findings}
    assert "SSLv3" in by_severity[Severity.ERROR]
    assert "TLSv1, TLSv1.1" in by_severity[Severity.WARNING]


def test_dh_fail_points_at_the_dhfile_line() -> None:
    fixture = FIXTURES / "MF006" / "fail.yml"
    verdict = RULES_BY_ID["MF006"].check(load_fixture(fixture), CheckOptions())
    line = fixture.read_text().splitlines()[verdict.findings[0].line - 1]
    assert "dhfile: dh1024.pem" in line
