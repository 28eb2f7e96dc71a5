"""Fixtures for the agreement gate: the CLI as a subprocess, 14.12 waivers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


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


REFERENCE_14_12 = Path(__file__).resolve().parents[2] / "configs/IM/ejabberd/14.12/ejabberd.yml"

# What ejabberd 14.12 cannot express for its web admin listener, as the
# project's configs/manifesto.toml waives it (only the 14.12 part: a waiver
# for a file that is absent would be reported as stale).
WAIVERS_14_12 = "\n".join(
    f'[[waiver]]\npath = "IM/ejabberd/14.12/ejabberd.yml"\nrule = "{rule}"\n'
    f'reason = "ejabberd 14.12 cannot configure this for ejabberd_http."\n'
    for rule in ("MF003", "MF004", "MF005", "MF006")
)

# The gate's guides load the checker's extension and the raw-LaTeX bridge.
CONF_PY = """\
extensions = ["sphinx_configfile", "sphinx_configfile.legacy", "sphinx_manifesto"]
configfile_root = "../configs"
root_doc = "index"
highlight_language = "none"
"""


@pytest.fixture
def make_project(make_project: Callable[..., Path]) -> Callable[..., Path]:
    """The shared ``make_project``, with the gate's conf.py unless a test gives its own."""

    def make(*args: Any, **kwargs: Any) -> Path:
        kwargs.setdefault("conf", CONF_PY)
        return make_project(*args, **kwargs)

    return make
