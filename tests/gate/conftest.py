"""Fixtures for the agreement gate: the CLI as a subprocess, 14.12 waivers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gate_guides import CONF_PY


def configfile_script() -> str:
    return str(Path(sys.executable).parent / "configfile")


@pytest.fixture
def run_configfile() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed ``configfile`` console script in a directory."""

    def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [configfile_script(), *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )

    return run


@pytest.fixture
def make_project(make_project: Callable[..., Path]) -> Callable[..., Path]:
    """The shared ``make_project``, with the gate's conf.py unless a test gives its own."""

    def make(*args: Any, **kwargs: Any) -> Path:
        kwargs.setdefault("conf", CONF_PY)
        return make_project(*args, **kwargs)

    return make
