"""A server family is one folder and one registry line.

The toyd family lives only in ``toyd/`` beside this file; registering it
(one line added to ``FAMILIES``) is all it takes for ``manifesto check``
to detect its configs by name and by content, load them, judge them by
every rule, take its kind and server names as options, and for ``:keys:``
to quote its settings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tls_manifesto.cli.main import main
from tls_manifesto.engine.keys import resolve_keys
from tls_manifesto.servers import registry
from toyd.definition import KIND, TOYD

HARDENED = """\
# toyd reference config
listen_c2s = 5222
# clients must start TLS before they log in
require_tls = yes
ciphers = ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256
certificate = /etc/toyd/example.org.pem
"""


@pytest.fixture
def with_toyd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "FAMILIES", [*registry.FAMILIES, TOYD])


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["check", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def _statuses(report: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {v["rule"]: v["status"] for v in report["verdicts"]}


def test_unregistered_family_is_unknown_to_the_checker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "toyd.conf"
    config.write_text(HARDENED, encoding="utf-8")
    assert main(["check", str(config)]) == 2
    assert "cannot tell which server this config is for" in capsys.readouterr().err


def test_registered_family_is_detected_by_name_and_content_loaded_and_judged(
    with_toyd: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "toyd.conf").write_text(HARDENED, encoding="utf-8")
    (tmp_path / "server.settings").write_text(HARDENED, encoding="utf-8")  # by content
    (tmp_path / "notes.md").write_text("# notes\n", encoding="utf-8")

    code, report = _check(capsys, str(tmp_path))

    assert [c["path"] for c in report["configs"]] == [
        str(tmp_path / "server.settings"),
        str(tmp_path / "toyd.conf"),
    ]
    assert {c["kind"] for c in report["configs"]} == {KIND}
    assert report["configs"][0]["version"]["family"] == "toyd"
    assert report["configs"][0]["version"]["version"] == "1.4"  # the newest row, assumed
    assert _statuses(report)["MF001"] == "pass"
    mf001 = next(v for v in report["verdicts"] if v["rule"] == "MF001")
    assert [e["line"] for e in mf001["evidence"]] == [4]
    assert code == 0, report["findings"]


def test_registered_family_fails_a_rule_at_its_line(
    with_toyd: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "toyd.conf"
    config.write_text(HARDENED.replace("require_tls = yes", "require_tls = no"), encoding="utf-8")

    code, report = _check(capsys, str(config))

    assert code == 1
    assert _statuses(report)["MF001"] == "fail"
    assert any(f["rule"] == "MF001" and f["line"] == 4 for f in report["findings"])


def test_registered_family_takes_its_kind_and_server_version(
    with_toyd: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "anything.txt"  # neither its name nor a directory walk says toyd
    config.write_text(HARDENED.replace("listen_c2s", "listen_c2s "), encoding="utf-8")

    code, report = _check(capsys, "--kind", KIND, "--server-version", "toyd=1.2", str(config))

    assert code == 0
    assert report["configs"][0]["kind"] == KIND
    assert report["configs"][0]["version"]["version"] == "1.2"
    assert report["configs"][0]["version"]["origin"] == "option"


def test_unknown_kind_message_lists_the_registered_family(
    with_toyd: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--kind", "lighttpd", str(tmp_path)]) == 2
    assert KIND in capsys.readouterr().err


def test_registered_family_bad_line_is_located(
    with_toyd: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "toyd.conf"
    config.write_text(HARDENED + "garbage\n", encoding="utf-8")
    assert main(["check", str(config)]) == 2
    assert f"{config}:7: expected key = value" in capsys.readouterr().err


def test_keys_quote_a_registered_family_setting_with_its_comment(with_toyd: None) -> None:
    assert resolve_keys("toyd.conf", HARDENED, "require_tls") == (3, 4)


def test_registry_names_each_formats_lexer(with_toyd: None) -> None:
    assert registry.lexer_for("configs/IM/ejabberd/23.01/ejabberd.yml") == "yaml"
    assert registry.lexer_for("ircd.conf") == "ircd"
    assert registry.lexer_for("toyd.conf") == "ini"
    assert registry.lexer_for("settings", "listen_c2s = 5222\n") == "ini"
    assert registry.lexer_for("README") is None
