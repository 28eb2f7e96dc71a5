"""Debian 12's apache2 2.4.71 configuration with TLS enabled as the distribution ships it.

The fixture is /etc/apache2 of the package, copied, with ``a2enmod ssl`` and
``a2ensite default-ssl`` done by hand as symbolic links (mods-enabled/ssl.conf,
ssl.load, socache_shmcb.load; sites-enabled/default-ssl.conf); mods-available
keeps the enabled modules only, and ``magic`` (mod_mime_magic's data, not
enabled) is left out. What it says, read by hand:

- mods-available/ssl.conf: ``SSLCipherSuite HIGH:!aNULL`` (line 57), which
  keeps RSA key exchange suites (AES256-GCM-SHA384 ...): MF003 fails there;
  ``SSLProtocol all -SSLv3`` (line 71): TLS 1.0 and 1.1 stay on, a warning;
  no SSLHonorCipherOrder: the client's order decides, a warning.
- sites-available/default-ssl.conf: ``<VirtualHost *:443>``, ``SSLEngine
  on`` (line 24), the snakeoil certificate (line 31), no DH parameters: HIGH
  allows DHE, so OpenSSL's automatic group (RFC 3526, 2048 bits for the
  snakeoil RSA key) is used, shared by every such server: a warning.
- 000-default.conf: ``<VirtualHost *:80>``, plain, with no redirect.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tls_manifesto.engine.loader import load_config

FIXTURE = Path(__file__).parents[3] / "fixtures" / "parsers" / "apache" / "debian12"
MAIN = FIXTURE / "apache2.conf"


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", "--format", "json",
         "--server-version", "apache=2.4.71", str(MAIN)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def _verdict(report: dict[str, Any], rule: str) -> dict[str, Any]:
    (verdict,) = [v for v in report["verdicts"] if v["rule"] == rule]
    return verdict


def _findings(report: dict[str, Any], rule: str) -> list[tuple[str, int, str]]:
    return [
        (str(Path(f["path"]).relative_to(FIXTURE)), f["line"], f["severity"])
        for f in report["findings"]
        if f["rule"] == rule
    ]


def test_every_included_file_is_read_in_httpds_order() -> None:
    config = load_config(MAIN, version="2.4.71")
    relative = [str(Path(s).relative_to(FIXTURE)) for s in config.sources]
    assert relative[0] == "apache2.conf"
    assert relative.index("mods-enabled/ssl.load") < relative.index("mods-enabled/ssl.conf")
    assert relative[-3:] == [
        "conf-enabled/serve-cgi-bin.conf",
        "sites-enabled/000-default.conf",
        "sites-enabled/default-ssl.conf",
    ]
    assert config.read_issues == ()  # every directive Debian ships is known


def test_the_two_sites_are_a_plain_and_a_tls_endpoint() -> None:
    plain, tls = load_config(MAIN, version="2.4.71").endpoints
    assert (plain.name, tls.name) == ("VirtualHost *:80", "VirtualHost *:443")
    assert plain.direct_tls is not None and plain.direct_tls.value is False
    assert plain.redirects_to_https is None
    assert tls.direct_tls is not None and tls.direct_tls.value is True
    assert tls.hsts_max_age is None


def test_the_report_names_debian_12_and_its_chapter(report: dict[str, Any]) -> None:
    (config,) = report["configs"]
    assert config["kind"] == "apache"
    assert config["version"]["version"] == "2.4.71"
    assert report["errors"] == []


def test_mf003_fails_on_the_cipher_list_of_ssl_conf(report: dict[str, Any]) -> None:
    assert _verdict(report, "MF003")["status"] == "fail"
    assert _findings(report, "MF003") == [("mods-enabled/ssl.conf", 57, "error")]


def test_mf004_fails_as_tls_1_0_and_1_1_stay_on(report: dict[str, Any]) -> None:
    # The web chapter's policy asks for TLS 1.2 or newer: an error, not the manifesto's warning.
    assert _verdict(report, "MF004")["status"] == "fail"
    assert _findings(report, "MF004") == [("mods-enabled/ssl.conf", 71, "error")]


def test_mf005_warns_that_the_client_order_decides(report: dict[str, Any]) -> None:
    verdict = _verdict(report, "MF005")
    assert verdict["status"] == "warn"
    assert "apache 2.4.71" in verdict["summary"]


def test_mf006_passes_openssls_automatic_group_naming_what_it_assumes(
    report: dict[str, Any],
) -> None:
    # No DH file: OpenSSL's dh_auto serves RFC 3526's 2048-bit group, a published group.
    verdict = _verdict(report, "MF006")
    assert verdict["status"] == "pass"
    assert "RFC 3526" in verdict["summary"]
    assert "assumed a 2048-bit RSA certificate key" in verdict["summary"]


def test_mf009_passes_on_the_snakeoil_certificate_line(report: dict[str, Any]) -> None:
    verdict = _verdict(report, "MF009")
    assert verdict["status"] == "pass"
    assert [(Path(e["path"]).name, e["line"]) for e in verdict["evidence"]] == [
        ("default-ssl.conf", 31)
    ]


@pytest.mark.parametrize("rule", ["MF001", "MF002", "MF008"])
def test_the_xmpp_rules_give_no_verdict_on_a_web_server(report: dict[str, Any], rule: str) -> None:
    assert not [v for v in report["verdicts"] if v["rule"] == rule]


def test_the_curve_rule_does_not_apply(report: dict[str, Any]) -> None:
    assert _verdict(report, "MF007")["status"] == "not-applicable"
