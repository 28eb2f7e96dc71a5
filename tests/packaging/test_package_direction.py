"""The packages depend in one direction: sphinx_manifesto -> sphinx_configfile, tls_manifesto.

``sphinx_configfile`` reaches the checker only through Sphinx events that
``sphinx_manifesto`` answers, and the checker knows nothing of Sphinx. Two
proofs: every import statement of the shipped code, read from its syntax
tree; and every module of ``sphinx_configfile`` really imported, in a fresh
interpreter where the checker and the glue cannot be imported at all.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXT = Path(__file__).resolve().parents[2] / "ext"

# package -> top-level packages it must never import
FORBIDDEN = {
    "sphinx_configfile": {"tls_manifesto", "sphinx_manifesto"},
    "tls_manifesto": {"sphinx", "docutils", "sphinx_configfile", "sphinx_manifesto"},
    "hardening_guide_tools": {"sphinx", "sphinx_configfile", "tls_manifesto", "sphinx_manifesto"},
}


def imported_packages(path: Path) -> dict[str, int]:
    """Top-level package -> first line importing it, for every import in ``path``."""
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            found.setdefault(name.split(".")[0], node.lineno)
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_runs_against_the_direction(package: str) -> None:
    wrong = [
        f"{path.relative_to(EXT)}:{line}: imports {top}"
        for path in sorted((EXT / package).rglob("*.py"))
        for top, line in imported_packages(path).items()
        if top in FORBIDDEN[package]
    ]
    assert wrong == []


def test_the_scan_sees_a_forbidden_import(tmp_path: Path) -> None:
    # The positive control: the scan above would catch a lazy import in a function.
    module = tmp_path / "lazy.py"
    module.write_text("def f():\n    from tls_manifesto.engine.keys import resolve_keys\n")
    assert imported_packages(module) == {"tls_manifesto": 2}


BLOCKING_IMPORTER = """
import importlib, pkgutil, sys

class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("tls_manifesto", "sphinx_manifesto"):
            raise ImportError(f"blocked: {name}")
        return None

sys.meta_path.insert(0, Blocked())
import sphinx_configfile
names = [m.name for m in pkgutil.walk_packages(sphinx_configfile.__path__, "sphinx_configfile.")]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_every_configfile_module_imports_without_the_checker() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCKING_IMPORTER],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(EXT), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 40  # every module was reached, not just the package


def test_configfile_check_without_the_judge_lists_configs_as_not_judged(
    tmp_path: Path,
) -> None:
    source, configs = tmp_path / "source", tmp_path / "configs"
    source.mkdir()
    (configs / "IM").mkdir(parents=True)
    (source / "conf.py").write_text('extensions = ["sphinx_configfile"]\n', encoding="utf-8")
    (source / "index.rst").write_text(
        "Guide\n=====\n\n.. configfile:: IM/ejabberd.yml\n", encoding="utf-8"
    )
    (configs / "IM/ejabberd.yml").write_text("hosts:\n  - example.org\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(EXT), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "sphinx_configfile.cli.main", "--source", str(source)]
    subprocess.run([*command, "lock"], check=True, capture_output=True, env=env, timeout=300)
    result = subprocess.run(
        [*command, "check"], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        'not judged (no extension judges configs: add "sphinx_manifesto" to extensions)'
        in result.stdout
    )
