"""The gate's output is plain: no terminal escape codes, nothing but the report on stdout."""

from __future__ import annotations

import json

PAGE = """\
Guide
=====

.. configfile-section:: IM

srv
---

.. configfile:: a.conf
   :lines: 7
"""


def test_build_warnings_reach_stderr_without_colour_codes(make_project, run_configfile):
    guide = make_project(PAGE, {"IM/srv/a.conf": "one\ntwo\n"})
    for command in ("lock", "verify", "check"):
        result = run_configfile(command, cwd=guide)
        output = result.stdout + result.stderr
        assert "index.rst:9: WARNING: configfile: range 7 is past the end" in output, command
        assert "\x1b" not in output, command


def test_what_conf_py_prints_stays_out_of_the_json_report(make_project, run_configfile):
    page = PAGE.replace(":lines: 7", ":lines: 1")
    guide = make_project(page, {"IM/srv/a.conf": "one\ntwo\n"}, 'print("docs version 1.2")\n')
    assert run_configfile("lock", cwd=guide).returncode == 0
    result = run_configfile("check", "--format", "json", cwd=guide)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["coverage"][0]["config"] == "IM/srv/a.conf"
    assert "docs version 1.2" in result.stderr
