"""The hooks in .pre-commit-hooks.yaml, run by pre-commit in another guide's repository.

``pre-commit try-repo`` installs this repository into a fresh virtualenv with
pip (from the configured package index) and runs the hooks in a scratch git
repository that holds a guide of its own: a config and a page quoting it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
CONFIG = PROJECT / "configs" / "IM" / "ejabberd" / "23.01"
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

PAGE = """\
Guide
=====

.. configfile:: ejabberd.yml
   :lines: 1-5
   :caption: the start of the config
   :name: start
"""


def run(command: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    """A scratch git repository: configs/ejabberd.yml, a page quoting it, its lock."""
    repo = tmp_path / "other-guide"
    shutil.copytree(CONFIG, repo / "configs")
    source = repo / "source"
    source.mkdir()
    (source / "conf.py").write_text(
        'extensions = ["sphinx_configfile"]\nconfigfile_root = "../configs"\nproject = "g"\n'
    )
    (source / "index.rst").write_text(PAGE)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    configfile = Path(sys.executable).with_name("configfile")
    assert run([configfile, "--source", "source", "lock"], repo, env).returncode == 0
    for command in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "g"]):
        assert run(command, repo, env).returncode == 0
    return repo


def try_repo(guide: Path, hook: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    return run([PRE_COMMIT, "try-repo", PROJECT, hook, "--all-files"], guide, env)


@pytest.mark.slow
def test_both_hooks_pass_on_a_guide_that_agrees_and_fail_when_it_does_not(
    guide: Path, tmp_path: Path
) -> None:
    if not PRE_COMMIT.exists():
        pytest.fail("pre-commit is not installed (pip install -e '.[test]')")
    home = tmp_path / "pre-commit-home"
    passing = try_repo(guide, "manifesto-check", home)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "manifesto check" in passing.stdout and "Passed" in passing.stdout
    verified = try_repo(guide, "configfile-verify", home)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Passed" in verified.stdout

    # A static-RSA suite in the config: the check fails, naming it; the quoted lines
    # 1-5 moved, so verify fails too.
    config = guide / "configs" / "ejabberd.yml"
    text = config.read_text()
    config.write_text("# weakened\n" + text.replace("ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA"))
    failing = try_repo(guide, "manifesto-check", home)
    assert failing.returncode == 1
    assert "MF003 error: " in failing.stdout and "AES128-SHA" in failing.stdout
    drifted = try_repo(guide, "configfile-verify", home)
    assert drifted.returncode == 1, drifted.stdout


MYST_PAGE = """\
# Guide

```{configfile} /ejabberd.yml
:lines: 1-5
:caption: the start of the config
```
"""


@pytest.mark.slow
def test_hooks_find_a_quickstart_project_with_myst_by_themselves(tmp_path: Path) -> None:
    """try-repo passes no arguments and no additional_dependencies: the defaults must do."""
    if not PRE_COMMIT.exists():
        pytest.fail("pre-commit is not installed (pip install -e '.[test]')")
    repo = tmp_path / "quickstart-guide"
    shutil.copytree(CONFIG, repo / "configs")
    source = repo / "docs" / "source"
    source.mkdir(parents=True)
    (source / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_configfile"]\n'
        'configfile_root = "../../configs"\nproject = "g"\nroot_doc = "index"\n'
        # Only lines 1-5 are quoted: the gate keeps them true, nothing more.
        "configfile_check_coverage = False\n"
    )
    (source / "index.md").write_text(MYST_PAGE)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    configfile = Path(sys.executable).with_name("configfile")
    locked = run([configfile, "lock"], repo, env)
    assert locked.returncode == 0, locked.stdout + locked.stderr
    for command in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "g"]):
        assert run(command, repo, env).returncode == 0
    home = tmp_path / "pre-commit-home"
    for hook in ("configfile-verify", "configfile-check"):
        result = try_repo(repo, hook, home)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Passed" in result.stdout
    config = repo / "configs" / "ejabberd.yml"
    config.write_text("# moved\n" + config.read_text())
    drifted = try_repo(repo, "configfile-verify", home)
    assert drifted.returncode == 1 and "index.md:3: " in drifted.stdout, drifted.stdout
