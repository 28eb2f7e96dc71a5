"""Hostile main.cf and master.cf: one located line, exit 2, no traceback.

Postfix has no quotes and no include directive: its braces (``${...}``,
``-o { ... }``) and ``$name`` references are where unbalanced input,
cycles and deep nesting live. A double quote is text to Postfix, so it is
read as text here too; there is no glob to match 10,000 files.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tls_manifesto.cli.main import main
from tls_manifesto.engine.loader import load_config
from tls_manifesto.reading.limits import MAX_NESTING

MX = "smtp      inet  n       -       y       -       -       smtpd\n"
EXT = str(Path(__file__).parents[4] / "ext")


def _write(tmp_path: Path, main_cf: str | bytes, master_cf: str = MX) -> Path:
    path = tmp_path / "main.cf"
    if isinstance(main_cf, bytes):
        path.write_bytes(main_cf)
    else:
        path.write_text(main_cf, encoding="utf-8")
    (tmp_path / "master.cf").write_text(master_cf, encoding="utf-8")
    return path


def _cli(path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": EXT}
    return subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", str(path)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


def _one_located_line(result: subprocess.CompletedProcess[str], where: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, result.stderr
    assert errors[0].removeprefix("manifesto: ").startswith(where), result.stderr


def test_unbalanced_brace_in_a_master_cf_argument(tmp_path: Path) -> None:
    master = MX + "submission inet n - y - - smtpd\n  -o { smtpd_tls_auth_only = yes\n"
    path = _write(tmp_path, "smtpd_tls_security_level = may\n", master)
    _one_located_line(_cli(path), f"{tmp_path / 'master.cf'}:3: '{{' is never closed")


def test_unbalanced_brace_in_a_dollar_expansion(tmp_path: Path) -> None:
    path = _write(tmp_path, "myhostname = mx\nsmtpd_tls_security_level = ${level\n")
    _one_located_line(_cli(path), f"{path}:2: smtpd_tls_security_level: '{{' after '$'")


def test_reference_cycle_is_refused_like_postfix_refuses_it(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "smtpd_tls_security_level = may\nsmtpd_tls_protocols = $a\n"
        "a = $b\nb = $smtpd_tls_protocols\n",
    )
    _one_located_line(_cli(path), f"{path}:4: b refers back to itself")


def test_binary_data_is_refused_at_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, b"myhostname = mx\nsmtpd_tls_security_level = \xff\xfe\x00may\n")
    _one_located_line(_cli(path), f"{path}:2:")


def test_a_double_quote_is_text_to_postfix(tmp_path: Path) -> None:
    path = _write(tmp_path, 'smtpd_tls_security_level = may\nsmtpd_banner = "unterminated\n')
    assert load_config(path).read_issues == ()


def test_twenty_thousand_nested_braces_stop_fast_at_the_line(tmp_path: Path) -> None:
    deep = "${x?{" * 20_000 + "may" + "}}" * 20_000
    path = _write(tmp_path, f"x = 1\nsmtpd_tls_security_level = {deep}\n")
    started = time.monotonic()
    result = _cli(path)
    _one_located_line(result, f"{path}:2: nesting deeper than {MAX_NESTING} levels")
    assert time.monotonic() - started < 20


def test_twenty_thousand_nested_master_cf_braces_stop_at_the_line(tmp_path: Path) -> None:
    deep = "{" * 20_000 + "x" + "}" * 20_000
    path = _write(tmp_path, "myhostname = mx\n", MX + f"  -o {deep}\n")
    with pytest.raises(Exception) as error:
        load_config(path)
    assert f"{tmp_path / 'master.cf'}:2: nesting deeper" in str(error.value)


def test_a_long_reference_chain_stops_at_the_nesting_limit(tmp_path: Path) -> None:
    chain = "".join(f"p{i} = $p{i + 1}\n" for i in range(200)) + "p200 = may\n"
    path = _write(tmp_path, chain + "smtpd_tls_security_level = $p0\n")
    assert main(["check", str(path)]) == 2


def test_nesting_within_the_limit_is_read(tmp_path: Path) -> None:
    depth = MAX_NESTING // 2  # each ${x?{...}} opens two braces
    value = "${x?{" * depth + "may" + "}}" * depth
    path = _write(tmp_path, f"x = 1\nsmtpd_tls_security_level = {value}\n")
    (mx,) = load_config(path).endpoints
    assert mx.starttls_offered is not None and mx.starttls_offered.value is True
