"""The checker numbers a config's lines as the guide and editors do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
MF001_FAIL = PROJECT / "tests" / "fixtures" / "rules" / "MF001" / "fail.conf"


def manifesto(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", *map(str, args)],
        capture_output=True, text=True, cwd=PROJECT, check=False, timeout=120,
    )  # fmt: skip


def test_a_form_feed_in_a_comment_does_not_shift_the_quoted_evidence(tmp_path: Path) -> None:
    # str.splitlines() breaks at a form feed; the ircd parser and editors do
    # not, so MF001 cited line 11 (port = 6667) but quoted line 10.
    text = MF001_FAIL.read_text(encoding="utf-8")
    config = tmp_path / "ircd.conf"
    config.write_text(text.replace("/* MF001 fail:", "/* MF001 fail\x0c:"), encoding="utf-8")
    result = manifesto("check", "--verbose", config)
    assert result.returncode != 0
    assert f"{config}:11: MF001 error: listen port 6667" in result.stdout, result.stdout
    assert f"    {config}:11: port = 6667;" in result.stdout, result.stdout


def test_a_bad_byte_in_a_cr_only_config_is_reported_on_its_own_line(tmp_path: Path) -> None:
    config = tmp_path / "ircd.conf"
    config.write_bytes(b'serverinfo {\r\tname = "irc.example.org";\r\tsid = "4\xe9X";\r};\r')
    result = manifesto("check", config)
    assert result.returncode != 0
    assert f"{config}:3: not valid UTF-8 (byte 0xe9); re-save the file as UTF-8" in (
        result.stdout + result.stderr
    ), result.stdout + result.stderr
    assert "Traceback" not in result.stderr
