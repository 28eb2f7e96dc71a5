"""nginx configs built to hurt: each ends in one located line and exit 2, never a traceback.

Run through ``manifesto check`` as a separate process, as a user meets them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tls_manifesto.servers.nginx.files import MAX_INCLUDED_FILES

PROJECT = Path(__file__).resolve().parents[3]


def _unbalanced(root: Path) -> tuple[str, int, str]:
    (root / "nginx.conf").write_text("events {}\nhttp {\n    server {\n    }\n", encoding="utf-8")
    return "nginx.conf", 2, 'block "http" opened here is never closed'


def _unterminated_quote(root: Path) -> tuple[str, int, str]:
    text = 'http {\n    add_header X-A "open;\n    server { listen 80; }\n}\n'
    (root / "nginx.conf").write_text(text, encoding="utf-8")
    return "nginx.conf", 2, "unterminated quoted string"


def _binary(root: Path) -> tuple[str, int, str]:
    (root / "nginx.conf").write_bytes(b"http {\n\n\x89PNG\r\n\x1a\n\xff\xfe\x00\x01")
    return "nginx.conf", 3, "not valid UTF-8"


def _include_cycle(root: Path) -> tuple[str, int, str]:
    (root / "nginx.conf").write_text("http {\n    include a.conf;\n}\n", encoding="utf-8")
    (root / "a.conf").write_text("include b.conf;\n", encoding="utf-8")
    (root / "b.conf").write_text("# back\ninclude a.conf;\n", encoding="utf-8")
    return "b.conf", 2, "include cycle"


def _glob_of_10000(root: Path) -> tuple[str, int, str]:
    (root / "nginx.conf").write_text("http {\n\n    include many/*.conf;\n}\n", encoding="utf-8")
    many = root / "many"
    many.mkdir()
    for number in range(10_000):
        (many / f"{number:05}.conf").write_bytes(b"")
    return "nginx.conf", 3, f"matches more than {MAX_INCLUDED_FILES} files"


def _nesting_20000(root: Path) -> tuple[str, int, str]:
    text = "http {\n" + "location / {\n" * 20_000 + "}\n" * 20_001
    (root / "nginx.conf").write_text(text, encoding="utf-8")
    return "nginx.conf", 33, "nesting deeper than 32 levels"


CASES: dict[str, Callable[[Path], tuple[str, int, str]]] = {
    "unbalanced braces": _unbalanced,
    "unterminated quote": _unterminated_quote,
    "binary data": _binary,
    "include cycle": _include_cycle,
    "glob matching 10,000 files": _glob_of_10000,
    "nesting 20,000 deep": _nesting_20000,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_nginx_config_is_one_located_line_and_exit_2(case: str, tmp_path: Path) -> None:
    name, line, message = CASES[case](tmp_path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT / "ext"), *sys.path])}
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert time.monotonic() - started < 30
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    errors = [row for row in run.stderr.splitlines() if row.strip()]
    assert len(errors) == 1, run.stderr
    assert errors[0].startswith(f"manifesto: {tmp_path / name}:{line}: "), errors[0]
    assert message in errors[0]
