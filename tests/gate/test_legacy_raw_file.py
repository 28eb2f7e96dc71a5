"""``.. raw:: latex`` with ``:file:``: a ``\\configfile`` in that file is located in that file."""

from __future__ import annotations

import json
import re
from pathlib import Path

_COLOUR = re.compile(r"\x1b\[[0-9;]*m")

PAGE = """\
Title
=====

.. configfile-section:: IM

ejabberd
--------

Some words.

More words.

.. raw:: latex
   :file: chapters/quotes.tex

End.
"""
QUOTES = (
    "% the quotes of the chapter\n"
    "\\begin{itemize*}\n"
    "\\item \\configfile{e.yml}{1-2}{ok}\n"
    "\\item \\configfile{e.yml}{7-9}{past the end}\n"
    "\\end{itemize*}\n"
)


def write_project(srcdir: Path) -> Path:
    (srcdir / "configs/IM/ejabberd").mkdir(parents=True)
    (srcdir / "configs/IM/ejabberd/e.yml").write_text("a: 1\nb: 2\nc: 3\n", encoding="utf-8")
    (srcdir / "chapters").mkdir()
    (srcdir / "chapters/quotes.tex").write_text(QUOTES, encoding="utf-8")
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_configfile", "sphinx_configfile.legacy"]\n'
        'configfile_root = "configs"\n'
        'exclude_patterns = ["_build", "configs", "chapters"]\n',
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text(PAGE, encoding="utf-8")
    return srcdir


def test_macro_in_a_raw_file_warns_at_that_file_and_line(make_app, tmp_path: Path) -> None:
    srcdir = write_project(tmp_path / "raw")
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = [
        w for w in _COLOUR.sub("", app._warning.getvalue()).splitlines() if "configfile:" in w
    ]
    assert len(warnings) == 1, warnings
    expected = f"{srcdir / 'chapters/quotes.tex'}:4: WARNING: configfile: range 7-9 is past"
    assert warnings[0].startswith(expected), warnings[0]
    # The quote that could be made is recorded where it stands, as one in an include is.
    (record,) = json.loads((app.outdir / "configfiles.json").read_text(encoding="utf-8"))["quotes"]
    assert (record["source"], record["line"]) == ("chapters/quotes.tex", 3), record
