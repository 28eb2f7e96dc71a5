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
