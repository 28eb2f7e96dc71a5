"""``make html`` twice in a row gives the same result, also after a config drifted.

The guide (source/ and configs/) is copied, built twice with ``-W
--keep-going`` into the same output, then a quoted config gains a line at
its top (the quoted text moves) and it is built twice more: both fail, with
the same lock warnings, instead of the second saying "build succeeded".
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from guide_build import CONFIGS_ROOT, GUIDE_SOURCE

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
DRIFTED = "IM/ejabberd/14.12/ejabberd.yml"


def make_html(guide: Path) -> tuple[int, list[str]]:
    """``make html``'s command; the exit status and the warnings."""
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going"]
        + ["source", "build/html"],
        cwd=guide,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    stderr = ANSI_COLOUR.sub("", done.stderr)
    return done.returncode, [line for line in stderr.splitlines() if "WARNING:" in line]


def test_make_html_twice_gives_the_same_result_also_after_a_drift(tmp_path: Path) -> None:
    guide = tmp_path / "guide"
    shutil.copytree(GUIDE_SOURCE, guide / "source")
    shutil.copytree(CONFIGS_ROOT, guide / "configs")
    assert make_html(guide) == (0, [])
    assert make_html(guide) == (0, [])

    config = guide / "configs" / DRIFTED
    config.write_text("# one line more\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    first = make_html(guide)
    second = make_html(guide)
    assert first[0] != 0 and second[0] != 0
    assert first[1] == second[1]
    assert any(f"quote of {DRIFTED}" in w and "differs from the lock" in w for w in first[1])
