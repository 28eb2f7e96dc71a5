"""Debian 12's Postfix as it ships with TLS: what the checker says, verdict by verdict.

tests/fixtures/postfix/3.7/debian12-shipped is what postfix's postinst
writes on Debian 12 when the snakeoil key exists: main.cf.debian, then
main.cf.tls (smtpd_tls_security_level = may with the snakeoil certificate),
then the postconf -e lines; master.cf as shipped (only the port 25 smtpd
enabled). debian12-submission is the same with the shipped submission
block uncommented (encrypt, SASL, smtpd_tls_auth_only).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tls_manifesto.cli.main import main
from tls_manifesto.engine.loader import load_config

FIXTURES = Path(__file__).parents[3] / "fixtures" / "postfix" / "3.7"


def _report(capsys: pytest.CaptureFixture[str], folder: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["check", "--format", "json", str(FIXTURES / folder / "main.cf")])
    return code, json.loads(capsys.readouterr().out)


def _verdicts(report: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {v["rule"]: v["status"] for v in report["verdicts"]}


EXPECTED = {
    # The XMPP rules (MF001, MF002, MF008) do not judge mail servers.
    "MF003": "fail",  # smtpd_tls_ciphers = medium: AES256-GCM-SHA384 and other kRSA suites
    "MF004": "fail",  # >=TLSv1: TLS 1.0 and 1.1 on, and served (security level 0)
    "MF005": "warn",  # tls_preempt_cipherlist = no
    # No DH file: OpenSSL 3's dh_auto gives the certificate's suites RFC 3526's 2048 bits,
    # but smtpd's anonymous suites with 128-bit ciphers RFC 2409's 1024 bits.
    "MF006": "fail",
    "MF007": "not-applicable",  # tls_eecdh_auto_curves not written
    "MF009": "pass",  # the snakeoil certificate, main.cf line 27
    "MF010": "pass",  # no compression: OpenSSL's default
    "MF011": "fail",  # medium keeps CBC suites (and smtpd's anonymous ones)
    "MF014": "pass",  # smtpd_tls_security_level = may on the MX
    "MF015": "not-applicable",  # no submission service, no AUTH on the MX
    "MF016": "not-applicable",  # no IMAP or POP3 in Postfix
}


def test_debian_12_shipped_postfix_offers_starttls_on_port_25_only() -> None:
    config = load_config(FIXTURES / "debian12-shipped" / "main.cf")
    (mx,) = config.endpoints
    assert (mx.role, mx.port.value if mx.port else None) == ("smtp", 25)
    assert mx.starttls_offered is not None and mx.starttls_offered.value is True
    assert [e.line for e in mx.starttls_offered.evidence] == [29]
    assert mx.tls_required is not None and mx.tls_required.value is False
    assert mx.certificate is not None
    assert mx.certificate.value == "/etc/ssl/certs/ssl-cert-snakeoil.pem"
    assert mx.cleartext_auth_allowed is None  # smtpd_tls_auth_only left at its default, no
    assert config.read_issues == ()
    assert config.profile.release_series == "postfix 3.7.0-3.7.22"


def test_debian_12_shipped_postfix_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _report(capsys, "debian12-shipped")
    assert code == 1
    assert _verdicts(report) == EXPECTED
    mf009 = next(v for v in report["verdicts"] if v["rule"] == "MF009")
    assert [(Path(e["path"]).name, e["line"]) for e in mf009["evidence"]] == [("main.cf", 27)]
    # Findings about defaults point at the service that runs with them.
    assert {(Path(f["path"]).name, f["line"]) for f in report["findings"]} == {("master.cf", 12)}


def test_debian_12_with_submission_requires_tls_and_auth_over_tls_on_587(
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = load_config(FIXTURES / "debian12-submission" / "main.cf")
    mx, submission = config.endpoints
    assert (submission.role, submission.port.value if submission.port else None) == (
        "submission",
        587,
    )
    assert submission.tls_required is not None and submission.tls_required.value is True
    assert [e.line for e in submission.tls_required.evidence] == [21]
    assert submission.auth_offered is not None and submission.auth_offered.value is True
    assert submission.cleartext_auth_allowed is not None
    assert submission.cleartext_auth_allowed.value is False
    assert [e.line for e in submission.cleartext_auth_allowed.evidence] == [21, 23]
    assert mx.tls_required is not None and mx.tls_required.value is False
    code, report = _report(capsys, "debian12-submission")
    assert code == 1
    assert _verdicts(report) == {**EXPECTED, "MF015": "pass"}  # 587 requires TLS first
