"""The lock records text, not line endings: converting a config's endings is no drift."""

from __future__ import annotations

PAGE = """\
Guide
=====

.. configfile-section:: IM

srv
---

.. configfile:: a.conf
   :lines: 2-3
"""


def test_converting_line_endings_keeps_the_lock_valid(make_project, run_configfile):
    guide = make_project(PAGE, {"IM/srv/a.conf": "one\r\ntwo\r\nthree\r\n"})
    assert run_configfile("lock", cwd=guide).returncode == 0
    config = guide / "configs/IM/srv/a.conf"
    for converted in (b"one\ntwo\nthree\n", b"one\rtwo\rthree\r", b"one\ntwo\nthree"):
        config.write_bytes(converted)
        result = run_configfile("verify", cwd=guide)
        assert result.returncode == 0, (converted, result.stdout + result.stderr)
        assert "1 quote matches the lock" in result.stdout
    config.write_bytes(b"one\ntwo\nthree \n")
    result = run_configfile("verify", cwd=guide)
    assert result.returncode == 1
    assert "index.rst:9: quote of IM/srv/a.conf (lines 2-3) differs" in result.stdout
