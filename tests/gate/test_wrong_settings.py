"""A conf.py setting of the wrong type is a located warning and bad input, never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

PAGE = """\
Guide
=====

.. configfile-section:: IM

srv
---

.. configfile:: a.conf
   :lines: 1
"""

CASES = [
    ("configfile_root = 5", "configfile_root must be a directory relative to conf.py"),
    ("configfile_lock = 3", "configfile_lock must be a file relative to the source dir"),
    ('configfile_lock = ""', "configfile_lock must be a file relative to the source dir"),
    ("configfile_base_url = 7", "configfile_base_url must be a URL prefix"),
    # A string iterated as patterns was one pattern per character, "*" among them.
    ('configfile_orphans_ok = "IM/*"', "configfile_orphans_ok must be a list of fnmatch"),
    ('configfile_lock_check = "no"', "configfile_lock_check must be True or False"),
]


def _sphinx_build(guide: Path) -> subprocess.CompletedProcess[str]:
    # --keep-going as the guide's own builds: Sphinx 7.2 otherwise stops at the
    # first warning with exit code 2 and another message format.
    sphinx = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q"]
    return subprocess.run(
        [*sphinx, "-b", "html", "source", "build/html"],
        cwd=guide,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(("setting", "message"), CASES)
def test_wrong_setting_is_a_warning_at_its_conf_py_line(
    make_project, run_configfile, setting: str, message: str
) -> None:
    guide = make_project(PAGE, {"IM/srv/a.conf": "one\n"}, conf_extra=setting + "\n")
    built = _sphinx_build(guide)
    assert built.returncode == 1, built.stderr
    stderr = re.sub(r"\x1b\[[0-9;]*m", "", built.stderr)
    assert re.search(
        rf"source/conf\.py:5: WARNING: {re.escape(message)}.*using the default", stderr
    )
    assert "Traceback" not in stderr and "Handler" not in stderr
    if setting.startswith("configfile_lock_check"):
        return  # the gate sets it itself
    for command in ("lock", "verify", "check"):
        result = run_configfile(command, cwd=guide)
        assert result.returncode == 2, (command, result.stderr)
        assert result.stderr.startswith("configfile: "), result.stderr
        assert "source/conf.py:5: " + message in result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
    assert not (guide / "source/configfiles.lock").exists()
