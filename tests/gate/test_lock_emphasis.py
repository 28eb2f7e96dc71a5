"""``:emphasize-lines:`` follow ``:lines:`` through ``verify --fix``, and the lock sees them."""

from __future__ import annotations

import json
from pathlib import Path

from test_lock_verify import CONFIG, YML

PAGE = """\
Guide
=====

.. configfile-section:: IM

ejabberd
--------

.. configfile:: 23.01/ejabberd.yml
   :lines: 4-6,9
   :emphasize-lines: 6,9
   :caption: Client TLS
"""


def _page(guide: Path) -> Path:
    return guide / "source/index.rst"


def _locked_quote(guide: Path) -> dict:
    lock = json.loads((guide / "source/configfiles.lock").read_text(encoding="utf-8"))
    return lock["quotes"][f"index::{YML}::#1"]


def test_fix_moves_emphasize_lines_with_the_lines(make_project, run_configfile):
    guide = make_project(PAGE, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    assert _locked_quote(guide)["emphasize-lines"] == "6,9"
    config = guide / "configs" / YML
    config.write_text("# one\n# two\n" + config.read_text(encoding="utf-8"), encoding="utf-8")

    fixed = run_configfile("verify", "--fix", cwd=guide)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    page = _page(guide).read_text(encoding="utf-8")
    assert ":lines: 6-8,11\n" in page
    assert ":emphasize-lines: 8,11\n" in page  # still starttls_required and s2s_use_starttls
    assert page == PAGE.replace("4-6,9", "6-8,11").replace(": 6,9", ": 8,11")
    assert _locked_quote(guide)["emphasize-lines"] == "8,11"
    verified = run_configfile("verify", cwd=guide)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_lock_sees_emphasis_that_now_marks_other_text(make_project, run_configfile):
    guide = make_project(PAGE, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    edited = PAGE.replace(":emphasize-lines: 6,9", ":emphasize-lines: 5,9")
    _page(guide).write_text(edited, encoding="utf-8")

    result = run_configfile("verify", "--fix", cwd=guide)
    assert result.returncode == 1, result.stdout
    assert "index.rst:9:" in result.stdout
    assert "the :emphasize-lines: were edited" in result.stdout
    assert "\n-6:     starttls_required: true\n" in result.stdout
    assert "\n+5:     module: ejabberd_c2s\n" in result.stdout
    assert _page(guide).read_text(encoding="utf-8") == edited  # not the fixer's to approve
    assert run_configfile("lock", cwd=guide).returncode == 0
    assert run_configfile("verify", cwd=guide).returncode == 0


def test_lock_without_emphasis_has_no_emphasis_field(make_project, run_configfile):
    plain = PAGE.replace("   :emphasize-lines: 6,9\n", "")
    guide = make_project(plain, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    assert "emphasize-lines" not in _locked_quote(guide)
