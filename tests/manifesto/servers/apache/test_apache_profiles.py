"""Apache httpd's mod_ssl defaults per version, how a version is chosen, and an unknown one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tls_manifesto.cli.main import main
from tls_manifesto.engine.loader import load_config
from tls_manifesto.servers.apache.profile import apache_profile

SITE = (
    "Listen 443\n<VirtualHost *:443>\nSSLEngine on\nSSLCertificateFile /etc/ssl/a.pem\n"
    "</VirtualHost>\n"
)


@pytest.mark.parametrize(
    ("version", "series"),
    [("2.4.62", "apache 2.4.60-2.4.62"), ("2.4.71", "apache 2.4.63-2.4.71"),
     ("2.4", "apache 2.4.63-2.4.71"), (None, "apache 2.4.63-2.4.71")],
)  # fmt: skip
def test_debian_11_12_and_the_newest_release_share_mod_ssl_defaults(
    version: str | None, series: str
) -> None:
    profile = apache_profile(version)
    assert profile.release_series == series
    assert profile.default_disabled_protocols == {"SSLv2", "SSLv3"}
    assert profile.default_ciphers == "DEFAULT:!aNULL:!eNULL:!EXP"
    assert profile.default_server_cipher_order is False
    assert profile.default_tls_compression is False
    assert profile.dhe_without_params is not None
    assert profile.dhe_without_params.negotiates_dhe
    assert profile.dhe_without_params.group_key == "rfc3526-2048"
    assert all(source.url.startswith("https://") for source in profile.sources)


def test_2_4_59_negotiates_no_dhe_without_dh_parameters_in_the_certificate() -> None:
    fact = apache_profile("2.4.59").dhe_without_params
    assert fact is not None and not fact.negotiates_dhe
    assert "PR 68863" in fact.source.title


@pytest.mark.parametrize("version", ["2.4.58", "2.4.99", "2.2.34"])
def test_a_version_outside_the_table_has_unknown_defaults(version: str) -> None:
    profile = apache_profile(version)
    assert profile.unknown is not None and version in profile.unknown
    assert profile.default_ciphers is None
    assert profile.default_disabled_protocols is None
    assert profile.default_server_cipher_order is None
    assert profile.default_tls_compression is None
    assert profile.dhe_without_params is None


def test_a_version_directory_in_the_path_selects_the_row(tmp_path: Path) -> None:
    config = tmp_path / "Apache" / "2.4.62" / "apache2.conf"
    config.parent.mkdir(parents=True)
    config.write_text(SITE, encoding="utf-8")
    loaded = load_config(config)
    assert loaded.judged_version is not None
    assert (loaded.judged_version.version, loaded.judged_version.origin.value) == ("2.4.62", "path")
    assert loaded.profile.release_series == "apache 2.4.60-2.4.62"
    assert loaded.chapter == "web"


def test_server_version_option_names_apache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "httpd.conf"
    config.write_text(SITE, encoding="utf-8")
    main(["check", "--format", "json", "--server-version", "apache=2.4.57", str(config)])
    report = json.loads(capsys.readouterr().out)
    (checked,) = report["configs"]
    assert checked["kind"] == "apache"
    assert checked["version"]["version"] == "2.4.57"
    statuses = {v["rule"]: v["status"] for v in report["verdicts"]}
    # Unknown defaults: the cipher list, protocols and order cannot pass.
    assert statuses["MF003"] == "fail" and statuses["MF004"] == "fail"
    assert statuses["MF005"] == "fail"
