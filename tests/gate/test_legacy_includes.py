"""Old raw-LaTeX quotes in ``.. include::``d files warn at their own file and line.

The bridge's warnings, like the directive's, name the file the text is in
(not the page that includes it) and the line there, in the first build and
in every build that reads the page again; its records carry the same source.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

_WARNING = re.compile(r"^(?P<file>.+?):(?P<line>\d+): WARNING: (?P<message>.*)$")
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")

# (file relative to the source dir, line, start of the message), in any order.
EXPECTED = {
    ("chapters/roles.rst", 7, "configfile: range 9 is past the end of 23.01/ejabberd.yml (5"),
    ("chapters/roles.rst", 10, "configfile: config file not found"),
    ("chapters/roles.rst", 12, "\\configfile: listings option linerange= chooses the lines"),
    ("chapters/block.rst", 10, "configfile: range 4-7 is past the end of 23.01/ejabberd.yml"),
    ("chapters/block.rst", 11, "configfile: config file not found"),
    ("chapters/block.rst", 12, "\\configfile: listings option firstline= chooses the lines"),
    ("index.rst", 18, "configfile: range 1-6 is past the end of 23.01/ejabberd.yml (5"),
}


def _copy_root(rootdir: Path, target: Path) -> Path:
    shutil.copytree(rootdir / "test-legacy-include", target)
    return target


def _html_app(make_app, srcdir: Path):
    # "basic": sphinx.testing's theme swap would otherwise read every page again.
    return make_app("html", srcdir=srcdir, confoverrides={"html_theme": "basic"})


def located_warnings(app, srcdir: Path) -> set[tuple[str, int, str]]:
    """Each warning as (file relative to ``srcdir``, line, message); fails on an unlocated one."""
    located = set()
    for text in _COLOUR.sub("", app._warning.getvalue()).splitlines():
        if "WARNING" not in text or "already registered" in text:
            continue  # several apps in one test: sphinx.testing's own notices
        match = _WARNING.match(text)
        assert match, f"warning without file and line: {text!r}"
        path = Path(match.group("file"))
        # Pages and included files alike by absolute path, as Sphinx names
        # pages: a relative name would depend on the working directory.
        assert path.is_absolute(), f"warning names a relative path: {text!r}"
        relative = path.relative_to(srcdir)
        located.add((relative.as_posix(), int(match.group("line")), match.group("message")))
    return located


def assert_warned_exactly(app, srcdir: Path, expected: set[tuple[str, int, str]]) -> None:
    found = located_warnings(app, srcdir)
    assert len(found) == len(expected), sorted(found)
    for file, line, start in expected:
        hits = [w for w in found if w[:2] == (file, line) and w[2].startswith(start)]
        assert hits, f"no warning {file}:{line}: {start}... in {sorted(found)}"


def test_bridge_warnings_name_the_included_file_and_its_line(make_app, rootdir, tmp_path):
    srcdir = _copy_root(rootdir, tmp_path / "guide")
    app = _html_app(make_app, srcdir)
    app.build()
    assert_warned_exactly(app, srcdir, EXPECTED)


def test_records_of_included_quotes_name_the_included_file(
    make_app, rootdir, tmp_path, run_configfile
):
    srcdir = _copy_root(rootdir, tmp_path / "guide")
    app = _html_app(make_app, srcdir)
    app.build()
    quotes = json.loads((Path(app.outdir) / "configfiles.json").read_text())["quotes"]
    located = sorted((q["page"], q["source"], q["line"], q["lines"]) for q in quotes)
    assert located == [
        ("index", "chapters/block.rst", 9, "3-4"),
        ("index", "chapters/roles.rst", 3, "1-2"),
    ]
    # The lock keys the quotes by the included file too (the broken quotes
    # make it exit 1 after locking the two it could make).
    locked = run_configfile("--source", srcdir, "lock", cwd=tmp_path)
    assert "locked 2 quotes" in locked.stdout, locked.stdout + locked.stderr
    keys = sorted(json.loads((srcdir / "configfiles.lock").read_text())["quotes"])
    yml = "IM/ejabberd/23.01/ejabberd.yml"
    assert keys == [f"chapters/block.rst::{yml}::#1", f"chapters/roles.rst::{yml}::#1"]


def test_rebuilds_keep_warning_at_the_included_file(make_app, rootdir, tmp_path):
    srcdir = _copy_root(rootdir, tmp_path / "guide")
    _html_app(make_app, srcdir).build()
    # Nothing changed: the missing configs keep the page outdated, so it is
    # read again and warns again, at the same places.
    again = _html_app(make_app, srcdir)
    again.build()
    assert_warned_exactly(again, srcdir, EXPECTED)
    # Three lines more at the top of one included file move its warnings, and
    # only its warnings, by three.
    roles = srcdir / "chapters" / "roles.rst"
    roles.write_text("Two new lines\nof text.\n\n" + roles.read_text(), encoding="utf-8")
    edited = _html_app(make_app, srcdir)
    edited.build()
    moved = {(f, n + 3 if f == "chapters/roles.rst" else n, m) for f, n, m in EXPECTED}
    assert_warned_exactly(edited, srcdir, moved)
