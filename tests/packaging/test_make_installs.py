"""What each make target installs, read from `make -n` against a venv that does
not exist yet (so every install step is printed and nothing runs)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make (Debian: make)")


def _planned(target: str, tmp_path: Path) -> list[str]:
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", target, f"VIRTUAL_ENV={tmp_path / 'venv'}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _installs(lines: list[str]) -> list[str]:
    return [line.split(" install -q ", 1)[1] for line in lines if "pip install -q -e" in line]


def test_make_html_installs_the_project_without_extras(tmp_path: Path) -> None:
    lines = _planned("html", tmp_path)
    assert _installs(lines) == ["-e '.'"]
    assert lines[-1].endswith("-m sphinx -b html -W --keep-going source build/html")


def test_make_docs_installs_the_docs_extra_and_builds_with_w(tmp_path: Path) -> None:
    lines = _planned("docs", tmp_path)
    assert _installs(lines) == ["-e '.[docs]'"]
    assert lines[-1].endswith("-m sphinx -b html -W --keep-going docs build/docs")


def test_make_test_still_installs_the_test_tools(tmp_path: Path) -> None:
    lines = _planned("test", tmp_path)
    assert _installs(lines)[0] == "-e '.[test,probe]'"
    assert any(line.endswith("-m pytest") for line in lines)
