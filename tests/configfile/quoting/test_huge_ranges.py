"""A huge range in a page is an error at its line, never a build that fills the memory."""

from __future__ import annotations

import re
import resource

PAGE = """\
Guide
=====

.. configfile-section:: IM/srv

.. configfile:: a.conf
   :lines: 1-2
   :emphasize-lines: 2-99999999999999999999

.. configfile:: a.conf
   :lines: 1-99999999999999999999
"""

# Far more than a build of this page needs; without the bound, expanding the
# range into its numbers once took 24 GB before the kernel stopped it.
MEMORY_LIMIT = 2 * 1024**3


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_huge_emphasize_and_lines_ranges_are_located_errors(make_project, build_project) -> None:
    root = make_project(PAGE, {"IM/srv/a.conf": "one\ntwo\nthree\n"})
    source = root / "source"
    result = build_project(root, preexec_fn=_limit_memory)
    stderr = re.sub(r"\x1b\[[0-9;]*m", "", result.stderr)
    assert result.returncode == 0, stderr
    page = source / "index.rst"
    assert (
        f"{page}:6: WARNING: configfile: :emphasize-lines: 3-99999999999999999999 not quoted "
        "(the listing shows lines 1-2)"
    ) in stderr
    assert (
        f"{page}:10: WARNING: configfile: range 1-99999999999999999999 is past the end of "
        "a.conf (3 lines)"
    ) in stderr
