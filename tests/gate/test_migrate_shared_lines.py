"""``configfile migrate`` on quotes that share their line: list items and text around a role.

Each shape is migrated with the CLI, then the migrated page and the page as
it was (read by the bridge) are built with sphinx.testing: both must show
the same listings, line for line, and the same paragraphs in the same order.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

CONFIG = "".join(f"key{number}: value {number}\n" for number in range(1, 6))

HEAD = """\
.. role:: raw-latex(raw)
   :format: latex

Guide
=====

:raw-latex:`\\gdef\\currentsectionname{IM}`

ejabberd
--------

"""

SHAPES = (
    HEAD
    + """\
Before the role :raw-latex:`\\configfile{23.01/ejabberd.yml}{1-2}{Shared line}` after
the role, on two lines.

The role ends this line :raw-latex:`\\configfile{23.01/ejabberd.yml}{3-3}{At the end}`
and the paragraph goes on.

:raw-latex:`\\configfile{23.01/ejabberd.yml}{4-5}{Starts the line}` and text follows.

-  :raw-latex:`\\configfile{23.01/ejabberd.yml}{2-3}{Item of a pandoc list}`
-  A plain item.

.. raw:: latex

   \\begin{itemize*}
   \\item \\configfile{23.01/ejabberd.yml}{1-1}{First item}
   \\item \\configfile[frame=single]{23.01/ejabberd.yml}{5-5}{%
     Second item}
   \\end{itemize*}
   \\newpage

.. raw:: latex

   \\begin{enumerate}
   \\item \\configfile{23.01/ejabberd.yml}{2-2}{Numbered}
   \\end{enumerate}
"""
)

MIGRATED = """\
.. role:: raw-latex(raw)
   :format: latex

Guide
=====

.. configfile-section:: IM

ejabberd
--------

Before the role

.. configfile:: 23.01/ejabberd.yml
   :lines: 1-2
   :caption: Shared line

after
the role, on two lines.

The role ends this line

.. configfile:: 23.01/ejabberd.yml
   :lines: 3
   :caption: At the end

and the paragraph goes on.

.. configfile:: 23.01/ejabberd.yml
   :lines: 4-5
   :caption: Starts the line

and text follows.

-  .. configfile:: 23.01/ejabberd.yml
      :lines: 2-3
      :caption: Item of a pandoc list

-  A plain item.

..

- .. configfile:: 23.01/ejabberd.yml
     :lines: 1
     :caption: First item

- .. configfile:: 23.01/ejabberd.yml
     :lines: 5
     :caption: Second item

.. raw:: latex

   \\newpage

#. .. configfile:: 23.01/ejabberd.yml
      :lines: 2
      :caption: Numbered
"""

_LISTING = re.compile(
    r'<span class="caption-text">(?P<caption>[^<(]*?) \(.*?'
    r'<div class="configfile[^"]*"><div class="highlight"><pre>(?P<body>.*?)</pre>',
    re.S,
)
_ROW = re.compile(r'<span class="linenos">\s*(\d+)</span>(.*)')
_BLOCKS = re.compile(
    r'<p>(?P<paragraph>.*?)</p>|<span class="caption-text">(?P<caption>[^<(]*)', re.S
)
_TAG = re.compile(r"<[^>]+>")


def _text(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", markup)).split())


def listings(page: str) -> list[tuple[str, list[tuple[int, str]]]]:
    """Each listing's caption title and its (number, text) rows."""
    found = []
    for match in _LISTING.finditer(page):
        rows = [_ROW.match(row) for row in match.group("body").split("\n")]
        found.append((match.group("caption"), [(int(r[1]), _text(r[2])) for r in rows if r]))
    return found


def reading_order(page: str) -> list[str]:
    """Paragraphs and listing captions of the page body, in document order."""
    body = page.split('<div class="body" role="main">', 1)[1]
    return [_text(m["paragraph"]) if m["paragraph"] is not None else f"[{m['caption'].strip()}]"
            for m in _BLOCKS.finditer(body)]  # fmt: skip


def two_copies(make_project, tmp_path: Path, page: str) -> tuple[Path, Path]:
    guide = make_project(page, {"IM/ejabberd/23.01/ejabberd.yml": CONFIG})
    bridge, migrated = tmp_path / "bridge", tmp_path / "migrated"
    for copy in (bridge, migrated):
        for part in ("source", "configs"):
            shutil.copytree(guide / part, copy / part)
    return bridge, migrated


def built_page(make_app, srcdir: Path, builder: str = "html") -> tuple[str, str]:
    app = make_app(builder, srcdir=srcdir, confoverrides={"html_theme": "basic"})
    app.build()
    warnings = [w for w in app._warning.getvalue().splitlines() if "already registered" not in w]
    output = (
        Path(app.outdir) / "index.html" if builder == "html" else next(app.outdir.glob("*.tex"))
    )
    return output.read_text(encoding="utf-8"), "\n".join(warnings)


def test_shared_lines_migrate_to_this_rest(make_project, tmp_path, run_configfile):
    _, migrated = two_copies(make_project, tmp_path, SHAPES)
    result = run_configfile("migrate", "source/index.rst", cwd=migrated)
    assert result.returncode == 0, result.stderr
    # The one option the listing cannot show is named, at its line.
    assert "index.rst:27: \\configfile: listings option(s) dropped" in result.stderr
    assert (migrated / "source/index.rst").read_text(encoding="utf-8") == MIGRATED


def test_migrating_shared_lines_twice_changes_nothing(make_project, tmp_path, run_configfile):
    _, migrated = two_copies(make_project, tmp_path, SHAPES)
    assert run_configfile("migrate", "source/index.rst", cwd=migrated).returncode == 0
    once = (migrated / "source/index.rst").read_bytes()
    again = run_configfile("migrate", "source/index.rst", cwd=migrated)
    assert again.returncode == 0, again.stderr
    assert (migrated / "source/index.rst").read_bytes() == once
    assert run_configfile("migrate", "--check", "source/index.rst", cwd=migrated).returncode == 0


def test_migrated_shapes_build_the_bridges_listings_in_its_order(
    make_project, make_app, tmp_path, run_configfile
):
    bridge, migrated = two_copies(make_project, tmp_path, SHAPES)
    assert run_configfile("migrate", "source/index.rst", cwd=migrated).returncode == 0
    before, before_warnings = built_page(make_app, bridge / "source")
    after, after_warnings = built_page(make_app, migrated / "source")
    assert before_warnings == "" and after_warnings == ""  # valid reST, nothing unresolved
    assert len(listings(before)) == 7
    assert listings(after) == listings(before)
    assert reading_order(after) == reading_order(before)
    assert reading_order(before)[:3] == [
        "Before the role",
        "[Shared line]",
        "after the role, on two lines.",
    ]
    # The quotes of a LaTeX list now stand in the items of a reST list.
    items = re.findall(r"<li>(.*?)</li>", after, re.S)
    captions = [re.findall(r'caption-text">([^<(]*?) \(', item) for item in items]
    assert [c for c in captions if c] == [
        ["Item of a pandoc list"],
        ["First item"],
        ["Second item"],
        ["Numbered"],
    ]


def test_migrated_lists_keep_their_listings_in_latex(
    make_project, make_app, tmp_path, run_configfile
):
    _, migrated = two_copies(make_project, tmp_path, SHAPES)
    assert run_configfile("migrate", "source/index.rst", cwd=migrated).returncode == 0
    tex, warnings = built_page(make_app, migrated / "source", "latex")
    assert warnings == ""
    lists = re.findall(r"\\begin\{(itemize|enumerate)\}(.*?)\\end\{\1\}", tex, re.S)
    captions = [re.findall(r"CaptionForVerbatim\{([^(]*?) \(", body) for _, body in lists]
    assert [(kind, found) for (kind, _), found in zip(lists, captions, strict=True)] == [
        ("itemize", ["Item of a pandoc list"]),
        ("itemize", ["First item", "Second item"]),
        ("enumerate", ["Numbered"]),
    ]
    assert "\\configfile" not in tex


REFUSED = (
    HEAD
    + """\
.. raw:: latex

   \\begin{itemize*}
   \\item Apache 2.4
   \\item \\configfile{23.01/ejabberd.yml}{1-2}{Among other items}
   \\end{itemize*}

.. raw:: latex

   \\item \\configfile{23.01/ejabberd.yml}{1-2}{No list around it}

A title :raw-latex:`\\configfile{23.01/ejabberd.yml}{1-2}{T}`
-------------------------------------------------------------

As follows:: :raw-latex:`\\configfile{23.01/ejabberd.yml}{1-2}{T}`

A :raw-latex:`\\configfile{a.yml}{1-2}{T}` B :raw-latex:`\\configfile{b.yml}{1-2}{T}`

Text :raw-latex:`\\configfile{23.01/ejabberd.yml}{1-2}{T}` - would be a list
"""
)


def test_shapes_that_cannot_be_rewritten_are_refused_with_the_reason(
    make_project, tmp_path, run_configfile
):
    guide = make_project(REFUSED, {"IM/ejabberd/23.01/ejabberd.yml": CONFIG})
    page = guide / "source/index.rst"
    before = page.read_bytes()
    result = run_configfile("migrate", "source/index.rst", cwd=guide)
    assert result.returncode == 2
    problems = [line.split(": ", 1) for line in result.stderr.splitlines() if ".rst:" in line]
    problems = [problem for problem in problems if problem[0][-1].isdigit()]
    located = {(where.removeprefix("source/"), why.split(" (")[0]) for where, why in problems}
    assert located == {
        ("index.rst:16", "the list around \\item \\configfile holds other LaTeX"),
        ("index.rst:21", "\\item \\configfile outside an itemize or enumerate that this raw "
         "block opens and closes on lines of their own"),
        ("index.rst:23", "the role stands in a section title"),
        ("index.rst:26", "the text before the role ends with '::', which would make the "
         "listing a literal block"),
        ("index.rst:28", "several roles with \\configfile share this line with other text"),
        ("index.rst:30", "the role shares its line with text that would not stay a paragraph "
         "on its own"),
    }  # fmt: skip
    assert "(line 15)" in result.stderr  # the other item, named
    assert "after it: '- would be a list'" in result.stderr
    assert "Traceback" not in result.stderr
    assert page.read_bytes() == before
