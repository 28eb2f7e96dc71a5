"""The configs Debian 12 ships with its ejabberd (23.01) and prosody (0.12.3) packages.

Their paths name no version, so the check names the packaged versions with
``--server-version``.

Real-world configs this project did not write: the checker must read them
without error and judge them right. They are not hardened (ejabberd's
default cipher list keeps non-forward-secret suites), so the check exits 1,
but the TLS requirements, protocol versions and certificate sources they
rely on (server defaults, fast_tls refusing SSLv2) must pass, and
Prosody's empty certs directory must fail MF009. Neither sets a DH parameters file: ejabberd then
uses fast_tls's built-in 2048-bit group (a pass with a warning), Prosody
negotiates no DHE suite (MF006 not applicable).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.skipping import skip_or_fail

EJABBERD = Path("/etc/ejabberd/ejabberd.yml")
PROSODY = Path("/etc/prosody/prosody.cfg.lua")
PACKAGES = {EJABBERD: "ejabberd", PROSODY: "prosody"}


def _require_installed() -> None:
    for path, package in PACKAGES.items():
        if not os.access(path, os.R_OK):
            reason = f"{path} is not there or not readable: install the Debian package {package}"
            skip_or_fail(reason)


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    _require_installed()
    result = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", "--format", "json",
         "--server-version", "ejabberd=23.01", "--server-version", "prosody=0.12.3",
         str(EJABBERD), str(PROSODY)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def _status(report: dict[str, Any], path: Path, rule: str) -> str:
    (verdict,) = [v for v in report["verdicts"] if v["path"] == str(path) and v["rule"] == rule]
    return verdict["status"]


def test_both_configs_are_read_without_a_config_error(report: dict[str, Any]) -> None:
    assert report["errors"] == []
    kinds = {c["path"]: c["kind"] for c in report["configs"]}
    assert kinds == {str(EJABBERD): "ejabberd-yaml", str(PROSODY): "prosody"}


def test_the_debian_versions_are_judged_as_the_option_says(report: dict[str, Any]) -> None:
    # /etc/... names no version: without --server-version the newest release would be judged.
    versions = {c["path"]: c["version"] for c in report["configs"]}
    assert versions[str(EJABBERD)]["version"] == "23.01"
    assert versions[str(PROSODY)]["version"] == "0.12.3"
    assert versions[str(PROSODY)]["release_series"] == "prosody 0.12.0-0.12.3"
    assert {v["origin"] for v in versions.values()} == {"option"}


@pytest.mark.parametrize("path", [EJABBERD, PROSODY], ids=["ejabberd", "prosody"])
@pytest.mark.parametrize("rule", ["MF001", "MF002"])
def test_client_and_server_connections_require_tls(
    report: dict[str, Any], path: Path, rule: str
) -> None:
    assert _status(report, path, rule) == "pass"


def test_prosody_as_installed_has_no_certificate_in_its_certs_directory(
    report: dict[str, Any],
) -> None:
    # The package ships certs/ empty: live, Prosody 0.12.3 logs "No certificate present
    # in SSL/TLS configuration for localhost" and every handshake fails.
    certs = PROSODY.parent / "certs"
    (verdict,) = [
        v for v in report["verdicts"] if v["path"] == str(PROSODY) and v["rule"] == "MF009"
    ]
    if any(certs.iterdir()):  # an administrator has put certificates there since
        assert verdict["status"] == "pass", verdict
        return
    assert verdict["status"] == "fail", verdict
    findings = [f for f in report["findings"] if f["path"] == str(PROSODY) and f["rule"] == "MF009"]
    assert [f["headline"] for f in findings] == [
        f"VirtualHost localhost c2s, s2s: no certificate for localhost: {certs} is empty"
    ]


def test_ejabberd_protocols_pass_though_no_sslv2_is_not_listed(report: dict[str, Any]) -> None:
    assert _status(report, EJABBERD, "MF004") == "pass"
    assert not [f for f in report["findings"] if f["rule"] == "MF004" and "SSLv2" in f["message"]]


def test_ejabberd_default_cipher_list_fails_forward_secrecy_naming_the_suites(
    report: dict[str, Any],
) -> None:
    assert _status(report, EJABBERD, "MF003") == "fail"
    findings = [
        f for f in report["findings"] if f["rule"] == "MF003" and f["path"] == str(EJABBERD)
    ]
    assert findings
    for finding in findings:
        assert finding["severity"] == "error"
        assert "non-forward-secret suites" in finding["message"]
        # HIGH keeps the static-RSA AES-GCM suites in every OpenSSL with TLS 1.2.
        assert "AES128-GCM-SHA256" in finding["message"]
        assert finding["line"] is not None


def _mf006(report: dict[str, Any], path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    (verdict,) = [v for v in report["verdicts"] if v["path"] == str(path) and v["rule"] == "MF006"]
    findings = [f for f in report["findings"] if f["path"] == str(path) and f["rule"] == "MF006"]
    return verdict, findings


def test_ejabberd_without_dhfile_fails_on_the_composite_builtin_modulus(
    report: dict[str, Any],
) -> None:
    # Debian's ejabberd.yml sets no dhfile; fast_tls 1.1.16 on Debian 12's OpenSSL 3 then
    # serves the RFC 5114 section 2.3 prime with its bytes reversed, a composite number.
    verdict, findings = _mf006(report, EJABBERD)
    assert verdict["status"] == "fail"
    assert findings and {f["severity"] for f in findings} == {"error"}
    assert "listener 5222" in {name for f in findings for name in f["endpoints"]}
    for finding in findings:
        assert "the built-in modulus served is not a prime" in finding["message"]
        assert finding["line"] is not None


def test_prosody_without_dhparam_negotiates_no_dhe(report: dict[str, Any]) -> None:
    # Debian's prosody.cfg.lua sets no dhparam; LuaSec then installs no DH parameters.
    verdict, findings = _mf006(report, PROSODY)
    assert verdict["status"] == "not-applicable"
    assert "negotiates no DHE suite" in verdict["summary"]
    assert findings == []
