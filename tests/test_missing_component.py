"""A missing Debian package skips a test, naming the package; under CI=true it fails.

The one helper for that is tests/support/skipping.py; every test that needs a
Debian package calls it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent

INNER_TEST = f"""
import sys
sys.path.insert(0, {str(TESTS_DIR)!r})
from support.skipping import require_program

def test_needs_a_server():
    require_program("no-such-xmpp-server", "no-such-package")
"""


def run_inner(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_inner.py").write_text(INNER_TEST, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "test_inner.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_missing_server_skips_with_the_package_name(tmp_path: Path) -> None:
    done = run_inner(tmp_path, ci=None)
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout
    assert "install the Debian package 'no-such-package'" in done.stdout


def test_missing_server_fails_under_ci(tmp_path: Path) -> None:
    done = run_inner(tmp_path, ci="true")
    assert done.returncode == 1, done.stdout
    assert "1 failed" in done.stdout
    assert "install the Debian package 'no-such-package'" in done.stdout


# Hide the [probe] extra from one pytest run: a None entry in sys.modules makes
# find_spec and import both fail, as on a machine that has only the [test] extra.
WITHOUT_PROBE_EXTRA = """
import sys
for name in ("cryptography", "sslyze", "nassl"):
    sys.modules[name] = None
import pytest
sys.exit(pytest.main(["-q", "-rs", "-p", "no:cacheprovider", "--collect-only", *sys.argv[1:]]))
"""


def test_probe_and_live_folders_skip_without_the_probe_extra() -> None:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_PROBE_EXTRA, "tests/probe", "tests/live"],
        cwd=TESTS_DIR.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "error" not in done.stdout.lower(), done.stdout
    assert done.stdout.count("install the '[probe]' extra") == 2, done.stdout
    assert "tests/live needs cryptography and sslyze" in done.stdout
