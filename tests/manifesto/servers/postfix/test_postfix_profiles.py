"""Postfix's defaults per release, each cited; version from the option or the path."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from tls_manifesto.cli.main import main
from tls_manifesto.engine.loader import load_config
from tls_manifesto.servers.postfix.profile import MEDIUM_3_5, MEDIUM_3_8, postfix_profile
from tls_manifesto.servers.versions import VersionOption

MX = "smtp      inet  n       -       y       -       -       smtpd\n"


@pytest.mark.parametrize(
    ("version", "series", "ciphers", "group"),
    [
        ("3.5", "postfix 3.5.0-3.5.27", MEDIUM_3_5, "postfix-3.1-2048"),
        ("3.6.4", "postfix 3.6.0-3.6.20", MEDIUM_3_5, "postfix-3.1-2048"),
        ("3.7", "postfix 3.7.0-3.7.22", MEDIUM_3_5, "rfc3526-2048"),
        ("3.11", "postfix 3.8.0-3.11.6", MEDIUM_3_8, "rfc3526-2048"),
    ],
)
def test_each_release_row_has_its_cited_defaults(
    version: str, series: str, ciphers: str, group: str
) -> None:
    profile = postfix_profile(version)
    assert profile.release_series == series
    assert profile.default_ciphers == ciphers
    assert profile.default_disabled_protocols == {"SSLv2", "SSLv3"}  # TLS 1.0 and 1.1 on
    assert profile.default_server_cipher_order is False  # tls_preempt_cipherlist = no
    assert profile.default_cleartext_auth is True  # smtpd_tls_auth_only = no
    assert profile.default_tls_required == frozenset()  # smtpd_tls_security_level empty
    assert profile.default_tls_compression is False
    assert profile.dhe_without_params is not None
    assert profile.dhe_without_params.group_key == group
    assert all(
        s.url.startswith("https://github.com/vdukhovni/postfix/blob/v") for s in profile.sources
    )
    assert any("SSL_CTX_set_security_level" in s.title for s in profile.sources)


def test_the_newest_release_is_judged_when_nothing_names_a_version() -> None:
    assert postfix_profile(None).version == "3.11.6"


@pytest.mark.parametrize("version", ["3.4", "3.12.0", "2.11"])
def test_a_version_outside_the_table_has_unknown_defaults(version: str) -> None:
    profile = postfix_profile(version)
    assert profile.unknown is not None
    assert profile.default_ciphers is None and profile.default_disabled_protocols is None
    assert profile.default_server_cipher_order is None and profile.dhe_without_params is None


def test_the_server_version_option_selects_the_row(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text("smtpd_tls_security_level = may\n", encoding="utf-8")
    (tmp_path / "master.cf").write_text(MX, encoding="utf-8")
    config = load_config(tmp_path / "main.cf", version=VersionOption({"postfix": "3.5"}))
    assert config.profile.release_series == "postfix 3.5.0-3.5.27"
    assert config.judged_version is not None and config.judged_version.origin == "option"


def test_a_version_directory_in_the_path_selects_the_row(tmp_path: Path) -> None:
    folder = tmp_path / "configs" / "3.6"
    folder.mkdir(parents=True)
    (folder / "main.cf").write_text("smtpd_tls_security_level = may\n", encoding="utf-8")
    (folder / "master.cf").write_text(MX, encoding="utf-8")
    assert load_config(folder / "main.cf").profile.release_series == "postfix 3.6.0-3.6.20"


def test_an_unknown_version_fails_what_rests_on_a_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "main.cf").write_text("smtpd_tls_security_level = may\n", encoding="utf-8")
    (tmp_path / "master.cf").write_text(MX, encoding="utf-8")
    code = main(["check", "--format", "json", "--server-version", "postfix=3.4",
                 str(tmp_path / "main.cf")])  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    statuses = {v["rule"]: v["status"] for v in report["verdicts"]}
    assert code == 1
    assert statuses["MF003"] == "fail" and statuses["MF004"] == "fail"


@pytest.mark.skipif(
    subprocess.run(["sh", "-c", "command -v postconf"], capture_output=True).returncode != 0,
    reason="postconf not installed (Debian package postfix)",
)
def test_the_3_7_defaults_agree_with_the_installed_postconf() -> None:
    """Debian 12 ships Postfix 3.7: its postconf -d must say what the 3.7 row says."""
    names = ["mail_version", "smtpd_tls_protocols", "tls_medium_cipherlist",
             "tls_preempt_cipherlist", "smtpd_tls_auth_only", "smtpd_tls_security_level",
             "smtpd_tls_ciphers", "smtpd_tls_mandatory_protocols"]  # fmt: skip
    shown = subprocess.run(["postconf", "-d", *names], capture_output=True, text=True).stdout
    values = dict(line.split(" = ", 1) if " = " in line else (line.rstrip(" ="), "")
                  for line in shown.splitlines())  # fmt: skip
    if not values["mail_version"].startswith("3.7."):
        pytest.skip(f"postconf is Postfix {values['mail_version']}, not 3.7")
    assert values["smtpd_tls_protocols"] == values["smtpd_tls_mandatory_protocols"] == ">=TLSv1"
    assert values["tls_medium_cipherlist"] == MEDIUM_3_5
    assert values["smtpd_tls_ciphers"] == "medium"
    assert values["tls_preempt_cipherlist"] == "no"
    assert values["smtpd_tls_auth_only"] == "no"
    assert values["smtpd_tls_security_level"] == ""
