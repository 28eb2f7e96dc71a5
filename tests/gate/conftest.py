"""Fixtures for the agreement gate: the CLI as a subprocess, a small guide, 14.12 waivers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

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

CONF_PY = """\
extensions = ["sphinx_configfile", "sphinx_configfile.legacy", "sphinx_manifesto"]
configfile_root = "../configs"
root_doc = "index"
highlight_language = "none"
"""


def numbered_config(prefix: str, count: int) -> str:
    return "".join(f"{prefix} line {number}\n" for number in range(1, count + 1))


@pytest.fixture
def make_guide(tmp_path: Path) -> Callable[..., Path]:
    """A small guide: ``source/`` with conf.py and index.rst, ``configs/`` beside it."""

    def make(page: str, configs: dict[str, str], conf_extra: str = "") -> Path:
        source = tmp_path / "source"
        source.mkdir(parents=True, exist_ok=True)
        (source / "conf.py").write_text(CONF_PY + conf_extra, encoding="utf-8")
        (source / "index.rst").write_bytes(page.encode("utf-8"))
        for relpath, text in configs.items():
            path = tmp_path / "configs" / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        return tmp_path

    return make
