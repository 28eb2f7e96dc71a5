"""Dovecot profiles: the defaults of 2.3 and 2.4 with their sources, and how a config's
version is chosen (--server-version, a version directory, else its own syntax)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tls_manifesto.cli.main import main
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import VersionOrigin
from tls_manifesto.servers.dovecot.profile import DEFAULT_CIPHERS, ROWS, dovecot_profile
from tls_manifesto.servers.registry import server_names
from tls_manifesto.servers.versions import VersionOption

BELOW_1_2 = {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"}


@pytest.mark.parametrize(
    ("version", "disabled", "series"),
    [
        ("2.3.10", {"SSLv2", "SSLv3"}, "dovecot 2.3.0-2.3.14"),
        ("2.3.19.1", BELOW_1_2, "dovecot 2.3.15-2.3.21.1"),
        ("2.3", BELOW_1_2, "dovecot 2.3.15-2.3.21.1"),  # a series: its newest release
        ("2.4", BELOW_1_2, "dovecot 2.4.0-2.4.4"),
        ("2.4.4", BELOW_1_2, "dovecot 2.4.0-2.4.4"),
    ],
)
def test_defaults_per_version(version: str, disabled: set[str], series: str) -> None:
    profile = dovecot_profile(version)
    assert profile.release_series == series
    assert profile.default_disabled_protocols == disabled
    assert profile.default_ciphers == DEFAULT_CIPHERS
    assert profile.default_server_cipher_order is False
    assert profile.default_tls_compression is False
    assert profile.default_cleartext_auth is False
    assert profile.default_tls_required == frozenset()
    assert profile.dhe_without_params is not None
    assert profile.dhe_without_params.negotiates_dhe is False
    assert profile.never_offered_protocols == {"SSLv2"}


def test_every_default_cites_the_source_at_a_tag() -> None:
    for row in ROWS:
        urls = [source.url for source in row.facts["sources"]]
        assert urls and all(u.startswith("https://github.com/dovecot/core/blob/2.") for u in urls)
        assert any("ssl" in u for u in urls) and any("login-settings.c" in u for u in urls)


def test_2_4_hints_use_the_2_4_names() -> None:
    assert "ssl_server_prefer_ciphers" in dovecot_profile("2.4.4").hints.server_cipher_order
    assert "ssl_prefer_server_ciphers" in dovecot_profile("2.3.19.1").hints.server_cipher_order


def test_an_unknown_version_has_unknown_defaults() -> None:
    profile = dovecot_profile("2.2.36")
    assert profile.unknown is not None and "not in the profile table" in profile.unknown
    assert profile.default_ciphers is None
    assert profile.default_disabled_protocols is None
    assert profile.default_server_cipher_order is None


CONFIG_2_3 = "protocols = imap\nssl_cert = </c.pem\nssl_key = </k.pem\n"


def test_server_version_option_selects_the_profile(tmp_path: Path) -> None:
    path = tmp_path / "dovecot.conf"
    path.write_text(CONFIG_2_3, encoding="utf-8")
    config = load_config(path, version=VersionOption.parse(["dovecot=2.3.14"], server_names()))
    assert config.judged_version is not None
    assert config.judged_version.origin is VersionOrigin.OPTION
    assert config.profile.default_disabled_protocols == {"SSLv2", "SSLv3"}


def test_a_version_directory_selects_the_profile(tmp_path: Path) -> None:
    directory = tmp_path / "configs" / "2.3.19.1"
    directory.mkdir(parents=True)
    (directory / "dovecot.conf").write_text(CONFIG_2_3, encoding="utf-8")
    config = load_config(directory / "dovecot.conf")
    assert config.judged_version is not None
    assert config.judged_version.origin is VersionOrigin.PATH
    assert config.profile.version == "2.3.19.1"


def test_without_a_version_the_syntax_tells_the_series(tmp_path: Path) -> None:
    path = tmp_path / "dovecot.conf"
    path.write_text(CONFIG_2_3, encoding="utf-8")
    assert load_config(path).profile.version == "2.3.21.1"
    path.write_text("dovecot_config_version = 2.4.0\nprotocols = imap\n", encoding="utf-8")
    config = load_config(path)
    assert config.profile.version == "2.4.4"
    assert config.judged_version is not None
    assert "dovecot_config_version set" in config.judged_version.detail


def test_an_unknown_version_fails_the_rules_that_rest_on_defaults(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dovecot.conf"
    path.write_text(CONFIG_2_3, encoding="utf-8")
    code = main(["check", "--format", "json", "--server-version", "dovecot=2.2.36", str(path)])
    report = json.loads(capsys.readouterr().out)
    statuses = {v["rule"]: v["status"] for v in report["verdicts"]}
    assert code == 1
    assert statuses["MF004"] == "fail" and statuses["MF003"] == "fail"
