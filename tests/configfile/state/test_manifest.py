"""``configfiles.json`` lists what the build's output shows, with portable paths."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

PAGE = """\
Conditional quotes
==================

.. configfile:: a.yml
   :lines: 1
   :caption: Always

.. only:: latex

   .. configfile:: a.yml
      :lines: 2
      :caption: PDF only

.. ifconfig:: show_extra

   .. configfile:: a.yml
      :lines: 3
      :caption: Extra

.. ifconfig:: builder == "html"

   .. only:: html

      .. configfile:: a.yml
         :lines: 4
         :caption: HTML only
"""


def write_project(make_project: Callable[..., Path], show_extra: bool) -> Path:
    """The project's source directory: PAGE, and ``show_extra`` for its ``ifconfig``."""
    conf_extra = (
        'extensions.append("sphinx.ext.ifconfig")\n'
        f"show_extra = {show_extra}\n"
        'def setup(app):\n    app.add_config_value("show_extra", False, "env")\n'
    )
    config = "".join(f"key{n}: value {n}\n" for n in range(1, 6))
    return make_project(PAGE, {"a.yml": config}, conf_extra) / "source"


def captions_listed(app) -> list[str]:
    manifest = json.loads((Path(app.outdir) / "configfiles.json").read_text(encoding="utf-8"))
    return [quote["caption"] for quote in manifest["quotes"]]


def test_html_manifest_leaves_out_latex_only_and_false_ifconfig_quotes(make_app, make_project):
    app = make_app("html", srcdir=write_project(make_project, show_extra=False))
    app.build()
    assert captions_listed(app) == ["Always", "HTML only"]
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "PDF only" not in page and "Extra" not in page


def test_latex_manifest_lists_the_latex_only_quote(make_app, make_project):
    app = make_app("latex", srcdir=write_project(make_project, show_extra=True))
    app.build()
    assert captions_listed(app) == ["Always", "PDF only", "Extra"]


def test_incremental_build_still_judges_pages_it_does_not_write(make_app, make_project):
    srcdir = write_project(make_project, show_extra=False)
    make_app("html", srcdir=srcdir).build()
    (srcdir / "other.rst").write_text(":orphan:\n\nOther\n=====\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert captions_listed(app) == ["Always", "HTML only"]


def test_manifest_paths_are_relative_to_the_source_dir_and_the_configs_root(
    make_app, make_project, tmp_path
):
    app = make_app("html", srcdir=write_project(make_project, show_extra=False))
    app.build()
    text = (Path(app.outdir) / "configfiles.json").read_text(encoding="utf-8")
    assert str(tmp_path) not in text
    first = json.loads(text)["quotes"][0]
    assert (first["source"], first["config_relpath"]) == ("index.rst", "a.yml")


def test_a_rebuild_that_changes_no_quote_leaves_the_manifest_untouched(make_app, make_project):
    srcdir = write_project(make_project, show_extra=False)
    first = make_app("html", srcdir=srcdir)
    first.build()
    manifest = Path(first.outdir) / "configfiles.json"
    before = manifest.stat()
    # The page is read again (touched), its quotes stay the same.
    (srcdir / "index.rst").write_text(PAGE + "\nMore prose.\n", encoding="utf-8")
    make_app("html", srcdir=srcdir).build()
    after = manifest.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_rebuild_that_changes_a_quote_rewrites_the_manifest(make_app, make_project):
    srcdir = write_project(make_project, show_extra=False)
    make_app("html", srcdir=srcdir).build()
    (srcdir / "index.rst").write_text(
        PAGE.replace("   :caption: Always", "   :caption: Now"), encoding="utf-8"
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert captions_listed(app) == ["Now", "HTML only"]
