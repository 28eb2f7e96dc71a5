"""Rebuilds tell the truth: what a second build re-reads, re-checks and reports.

Each test builds twice (or more) into the same output and doctree
directories, as ``make html`` does on a maintainer's checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path


def copy_root(rootdir: Path, target: Path) -> Path:
    shutil.copytree(rootdir / "test-configfile", target)
    return target


def html_app(make_app, srcdir: Path, **kwargs):
    # sphinx.testing swaps alabaster for "basic" after the environment compared
    # the config, which alone reports a changed configuration on every rebuild.
    return make_app("html", srcdir=srcdir, confoverrides={"html_theme": "basic"}, **kwargs)


def our_warnings(app) -> list[str]:
    # Several apps in one test make sphinx.testing warn about node classes
    # registered twice; only our own warnings count here.
    lines = app._warning.getvalue().splitlines()
    return [w for w in lines if "configfile" in w and "already registered" not in w]


def build_reading(app) -> list[str]:
    """Build and return the pages the build re-read."""
    seen: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: seen.extend(docnames))
    app.build()
    return sorted(seen)


def test_unchanged_rebuild_keeps_the_configuration_and_the_stylesheet(
    make_app, rootdir, tmp_path
) -> None:
    srcdir = copy_root(rootdir, tmp_path / "static")
    html_app(make_app, srcdir).build()
    second = html_app(make_app, srcdir)
    assert build_reading(second) == []
    assert "configuration has changed" not in second._status.getvalue()
    assert (Path(second.outdir) / "_static" / "configfile.css").is_file()
    # The user's setting is left as conf.py wrote it, apart from our one directory.
    assert [p for p in second.config.html_static_path if "sphinx_configfile" not in p] == []


def test_a_missing_config_keeps_warning_and_its_return_rereads_the_page(
    make_app, rootdir, tmp_path, listings
) -> None:
    srcdir = copy_root(rootdir, tmp_path / "missing")
    config = srcdir / "configs" / "top.yml"
    kept = config.read_bytes()
    config.unlink()
    for _ in range(2):  # the second build has nothing changed, and must still warn
        app = html_app(make_app, srcdir)
        assert build_reading(app) != []
        assert "config file not found" in app._warning.getvalue()
    config.write_bytes(kept)
    app = html_app(make_app, srcdir)
    assert build_reading(app) == ["index"]
    assert our_warnings(app) == []
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert [(1, "top: level"), (2, "second: line")] in listings(page)


def test_epub_twice_into_the_same_directory_passes_under_w(
    rootdir, tmp_path, build_project
) -> None:
    copy_root(rootdir, tmp_path / "epub")
    out = tmp_path / "epub-out"
    doctrees = tmp_path / "doctrees"  # outside the output, which the EPUB builder packs
    for _ in range(2):
        done = build_project(
            tmp_path, "-W", "-d", str(doctrees), builder="epub", source="epub", out=out
        )
        assert done.returncode == 0, done.stderr
        assert "configfiles.json" not in done.stderr
    with zipfile.ZipFile(next(out.glob("*.epub"))) as book:
        assert not [name for name in book.namelist() if name.endswith("configfiles.json")]
    assert (out / "configfiles.json").is_file()


def lock(srcdir: Path) -> None:
    command = [str(Path(sys.executable).parent / "configfile"), "--source", str(srcdir), "lock"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def lock_warnings(app) -> list[str]:
    return [w for w in our_warnings(app) if "configfile.lock" in w or "lock" in w]


def test_lock_is_checked_on_every_build_even_when_nothing_is_reread(
    make_app, rootdir, tmp_path
) -> None:
    srcdir = copy_root(rootdir, tmp_path / "lock")
    lock(srcdir)
    html_app(make_app, srcdir).build()
    top = srcdir / "configs" / "top.yml"
    top.write_text("top: level\nsecond: changed\n", encoding="utf-8")
    app = html_app(make_app, srcdir)
    assert build_reading(app) == ["index"]
    assert any("top.yml (lines 1-2) differs from the lock" in w for w in lock_warnings(app))
    # Nothing changed: nothing is read again, and the drift is still reported.
    app = html_app(make_app, srcdir)
    assert build_reading(app) == []
    assert any("top.yml (lines 1-2) differs from the lock" in w for w in lock_warnings(app))
    # The lock is edited (the new text approved): the next build sees it.
    lock(srcdir)
    app = html_app(make_app, srcdir)
    assert build_reading(app) == []
    assert lock_warnings(app) == []
    # configfile_lock_check is read on every build too.
    top.write_text("top: level\nsecond: again\n", encoding="utf-8")
    app = html_app(make_app, srcdir)
    assert build_reading(app) == ["index"]
    assert lock_warnings(app) != []
    app = make_app(
        "html",
        srcdir=srcdir,
        confoverrides={"html_theme": "basic", "configfile_lock_check": False},
    )
    assert build_reading(app) == []
    assert lock_warnings(app) == []


def edit_between_read_and_write(app, path: Path, text: str | None) -> None:
    """At env-updated every page is read and none written: edit (or delete) ``path`` then."""

    def change(app, env) -> None:
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")

    app.connect("env-updated", change)


def test_config_edited_between_read_and_write_warns_and_links_no_other_text(
    make_app, rootdir, tmp_path, listings
) -> None:
    srcdir = copy_root(rootdir, tmp_path / "edited")
    app = html_app(make_app, srcdir)
    edit_between_read_and_write(app, srcdir / "configs" / "top.yml", "top: level\nsecond: NEW\n")
    app.build()
    warnings = our_warnings(app)
    assert len(warnings) == 1, warnings
    assert f"{srcdir / 'index.rst'}:42: WARNING: configfile: top.yml changed after" in warnings[0]
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert [(1, "top: level"), (2, "second: line")] in listings(page)  # as read
    assert "_configfile/top.yml" not in page  # no copy showing other text
    assert not (Path(app.outdir) / "_configfile" / "top.yml").exists()


def test_config_deleted_between_read_and_write_fails_under_w(
    rootdir, tmp_path, build_project
) -> None:
    srcdir = copy_root(rootdir, tmp_path / "deleted")
    (srcdir / "conf.py").write_text(
        (srcdir / "conf.py").read_text(encoding="utf-8")
        + "def setup(app):\n"
        + "    import pathlib\n"
        + "    top = pathlib.Path(app.srcdir) / 'configs' / 'top.yml'\n"
        + "    app.connect('env-updated', lambda app, env: top.unlink())\n",
        encoding="utf-8",
    )
    done = build_project(tmp_path, "-W", source=srcdir, out=tmp_path / "deleted-out")
    assert done.returncode != 0
    assert "index.rst:42:" in done.stderr
    assert "configfile: top.yml was removed" in done.stderr
    assert "Traceback" not in done.stderr
