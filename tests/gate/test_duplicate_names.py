"""Two quotes of one config with the same :name: on a page would share one lock entry."""

from __future__ import annotations

PAGE = """\
Guide
=====

.. configfile-section:: IM

srv
---

.. configfile:: a.conf
   :lines: 2-3
   :name: tls

.. configfile:: a.conf
   :lines: 5
   :name: tls
"""

MESSAGE = (
    "index.rst:13: :name: tls also names the quote of IM/srv/a.conf at line 9; "
    "the lock tells quotes apart by :name:, give each its own"
)


def test_duplicate_name_is_bad_input_and_no_lock_is_written(make_project, run_configfile):
    guide = make_project(PAGE, {"IM/srv/a.conf": "".join(f"line {n}\n" for n in range(1, 8))})
    result = run_configfile("lock", cwd=guide)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("configfile: "), result.stderr
    assert MESSAGE in result.stderr, result.stderr
    assert not (guide / "source/configfiles.lock").exists()
    # Without a lock the gate has nothing to key; the build's own warning fails it.
    result = run_configfile("check", cwd=guide)
    assert result.returncode == 1
    assert 'index.rst:13: WARNING: Duplicate explicit target name: "tls"' in result.stdout


def test_duplicate_name_after_locking_is_not_a_false_drift(make_project, run_configfile):
    config = {"IM/srv/a.conf": "".join(f"line {n}\n" for n in range(1, 8))}
    guide = make_project(PAGE.replace(":name: tls\n", ":name: other\n", 1), config)
    assert run_configfile("lock", cwd=guide).returncode == 0
    (guide / "source/index.rst").write_text(PAGE)
    result = run_configfile("verify", "--fix", cwd=guide)
    assert result.returncode == 2
    assert MESSAGE in result.stderr
    assert (guide / "source/index.rst").read_text() == PAGE
