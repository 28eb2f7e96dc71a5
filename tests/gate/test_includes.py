"""Quotes in and after ``.. include::`` carry their own file and line everywhere.

The manifest, the lock's keys, the build's lock warnings and ``verify --fix``
all take source and line from the directive's own source info.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

YML = "IM/ejabberd/23.01/ejabberd.yml"
CONFIG = "".join(f"key{number}: value {number}\n" for number in range(1, 21))

PAGE = """\
Guide
=====

.. configfile-section:: IM

ejabberd
--------

Some text.

.. include:: parts/tls.rst.txt

.. configfile:: 23.01/ejabberd.yml
   :lines: 10-11
"""
PAGE_QUOTE_LINE = 13

INCLUDED = """\
.. configfile:: 23.01/ejabberd.yml
   :lines: 4-6

An included paragraph.
"""


def make_included_guide(make_project) -> Path:
    guide = make_project(PAGE, {YML: CONFIG}, conf_extra='exclude_patterns = ["parts"]\n')
    (guide / "source/parts").mkdir()
    (guide / "source/parts/tls.rst.txt").write_text(INCLUDED, encoding="utf-8")
    return guide


def test_manifest_names_the_included_file_and_both_lines(make_project, build_project) -> None:
    guide = make_included_guide(make_project)
    assert build_project(guide, out="build/html").returncode == 0
    quotes = json.loads((guide / "build/html/configfiles.json").read_text())["quotes"]
    located = sorted((q["source"], q["line"], q["lines"]) for q in quotes)
    assert located == [("index.rst", PAGE_QUOTE_LINE, "10-11"), ("parts/tls.rst.txt", 1, "4-6")]


def test_lock_keys_and_warnings_name_the_included_file(
    make_project, build_project, run_configfile
) -> None:
    guide = make_included_guide(make_project)
    assert run_configfile("lock", cwd=guide).returncode == 0
    lock = json.loads((guide / "source/configfiles.lock").read_text())
    assert sorted(lock["quotes"]) == [
        f"index::{YML}::#1",
        f"parts/tls.rst.txt::{YML}::#1",
    ]
    config = guide / "configs" / YML
    config.write_text("# a new first line\n" + CONFIG, encoding="utf-8")
    stderr = re.sub(r"\x1b\[[0-9;]*m", "", build_project(guide, out="build/html").stderr)
    source = re.escape(str(guide / "source"))
    included = rf"^{source}/parts/tls\.rst\.txt:1: WARNING: quote of {YML} \(lines 4-6\)"
    assert re.search(included, stderr, re.M), stderr
    page = rf"^{source}/index\.rst:{PAGE_QUOTE_LINE}: WARNING: quote of {YML} \(lines 10-11\)"
    assert re.search(page, stderr, re.M), stderr


def test_verify_fix_rewrites_the_included_file_and_the_page(make_project, run_configfile) -> None:
    guide = make_included_guide(make_project)
    assert run_configfile("lock", cwd=guide).returncode == 0
    config = guide / "configs" / YML
    config.write_text("# a new first line\n" + CONFIG, encoding="utf-8")
    done = run_configfile("verify", "--fix", cwd=guide)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no configfile directive here" not in done.stdout + done.stderr
    included = (guide / "source/parts/tls.rst.txt").read_text(encoding="utf-8")
    assert included == INCLUDED.replace(":lines: 4-6", ":lines: 5-7")
    page = (guide / "source/index.rst").read_text(encoding="utf-8")
    assert page == PAGE.replace(":lines: 10-11", ":lines: 11-12")
    assert run_configfile("verify", cwd=guide).returncode == 0


MYST_PAGE = """\
# Markdown

```{configfile-section} IM
```

## ejabberd

```{configfile} 23.01/ejabberd.yml
:lines: 4-6
:caption: Client TLS
```
"""


def test_verify_fix_rewrites_a_myst_page(make_project, run_configfile) -> None:
    index = "Guide\n=====\n\n.. toctree::\n\n   tls\n"
    guide = make_project(index, {YML: CONFIG}, conf_extra='extensions.append("myst_parser")\n')
    (guide / "source/tls.md").write_text(MYST_PAGE, encoding="utf-8")
    assert run_configfile("lock", cwd=guide).returncode == 0
    config = guide / "configs" / YML
    config.write_text("# a new first line\n" + CONFIG, encoding="utf-8")
    done = run_configfile("verify", "--fix", cwd=guide)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tls.md:8: fixed" in done.stdout
    page = (guide / "source/tls.md").read_text(encoding="utf-8")
    assert page == MYST_PAGE.replace(":lines: 4-6", ":lines: 5-7")
    assert run_configfile("verify", cwd=guide).returncode == 0
