"""The gate's messages are plain text: no terminal escape codes in a log or a pipe."""

from __future__ import annotations

PAGE = """\
Guide
=====

.. configfile-section:: IM

srv
---

.. configfile:: a.conf
   :lines: 7
"""


def test_build_warnings_reach_stderr_without_colour_codes(make_guide, run_configfile):
    guide = make_guide(PAGE, {"IM/srv/a.conf": "one\ntwo\n"})
    for command in ("lock", "verify", "check"):
        result = run_configfile(command, cwd=guide)
        output = result.stdout + result.stderr
        assert "index.rst:9: WARNING: configfile: range 7 is past the end" in output, command
        assert "\x1b" not in output, command
