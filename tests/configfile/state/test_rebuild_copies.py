"""A rebuild's ``_configfile/`` copies are a fresh build's: the quoted configs, and nothing else.

Each case builds, changes the project, rebuilds into the same output, builds
the changed project fresh elsewhere, and compares the two outputs.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from support.rebuilds import (
    assert_same_output,
    fresh_build_elsewhere,
    output_files,
    sphinx_build,
)

TOP = Path("configs/top.yml")


def project(rootdir: Path, tmp_path: Path) -> tuple[Path, Path]:
    srcdir = tmp_path / "project"
    shutil.copytree(rootdir / "test-configfile", srcdir)
    return srcdir, tmp_path / "project-out"


def copies(files: dict[str, bytes]) -> list[str]:
    return sorted(name for name in files if name.startswith("_configfile/"))


def linked_copies(outdir: Path) -> set[str]:
    """The copies the pages link to, relative to the output directory."""
    linked = set()
    for page in outdir.rglob("*.html"):
        for href in re.findall(r'href="([^"]*_configfile/[^"]*)"', page.read_text("utf-8")):
            target = (page.parent / href).resolve()
            linked.add(target.relative_to(outdir.resolve()).as_posix())
    return linked


def test_deleting_a_config_removes_its_copy_as_a_fresh_build_has_none(rootdir, tmp_path) -> None:
    srcdir, out = project(rootdir, tmp_path)
    sphinx_build(srcdir, out)
    assert "_configfile/top.yml" in copies(output_files(out))

    (srcdir / TOP).unlink()
    warnings = sphinx_build(srcdir, out)
    assert "config file not found" in warnings
    rebuilt = output_files(out)
    assert "_configfile/top.yml" not in copies(rebuilt)
    assert_same_output(rebuilt, fresh_build_elsewhere(srcdir, tmp_path / "fresh")[0])


def test_renaming_a_config_replaces_its_copy(rootdir, tmp_path) -> None:
    srcdir, out = project(rootdir, tmp_path)
    sphinx_build(srcdir, out)

    (srcdir / TOP).rename(srcdir / "configs/renamed.yml")
    index = srcdir / "index.rst"
    index.write_text(index.read_text("utf-8").replace("/top.yml", "/renamed.yml"), "utf-8")
    assert sphinx_build(srcdir, out) == ""
    rebuilt = output_files(out)
    assert "_configfile/renamed.yml" in copies(rebuilt)
    assert "_configfile/top.yml" not in copies(rebuilt)
    assert_same_output(rebuilt, fresh_build_elsewhere(srcdir, tmp_path / "fresh")[0])


def test_setting_a_base_url_removes_every_copy(rootdir, tmp_path) -> None:
    srcdir, out = project(rootdir, tmp_path)
    sphinx_build(srcdir, out)
    assert copies(output_files(out)) != []

    base_url = ("-D", "configfile_base_url=https://example.org/configs/")
    assert sphinx_build(srcdir, out, *base_url) == ""
    rebuilt = output_files(out)
    assert copies(rebuilt) == []
    assert not (out / "_configfile").exists()
    assert "https://example.org/configs/top.yml" in rebuilt["index.html"].decode()
    fresh = fresh_build_elsewhere(srcdir, tmp_path / "fresh", *base_url)[0]
    assert_same_output(rebuilt, fresh)


def test_an_unchanged_rebuild_still_reads_nothing(rootdir, tmp_path) -> None:
    # Pages with failed quotes are read every build; clean pages are not.
    srcdir, out = project(rootdir, tmp_path)
    sphinx_build(srcdir, out)
    before = {p: p.stat().st_mtime_ns for p in (out / ".doctrees").glob("*.doctree")}
    sphinx_build(srcdir, out)
    after = {p: p.stat().st_mtime_ns for p in (out / ".doctrees").glob("*.doctree")}
    assert before == after


def test_a_second_build_in_one_process_writes_the_copies_again(make_app, rootdir, tmp_path):
    srcdir, _ = project(rootdir, tmp_path)
    for _ in range(2):  # a new application each time, as the Sphinx API makes them
        app = make_app("html", srcdir=srcdir, confoverrides={"html_theme": "basic"})
        app.build()
        outdir = Path(app.outdir)
        assert linked_copies(outdir) != set()
        assert {c for c in linked_copies(outdir) if not (outdir / c).is_file()} == set()
        shutil.rmtree(outdir)


def test_building_one_application_again_writes_the_copies_again(make_app, rootdir, tmp_path):
    srcdir, _ = project(rootdir, tmp_path)
    app = make_app("html", srcdir=srcdir, confoverrides={"html_theme": "basic"})
    app.build()
    outdir = Path(app.outdir)
    shutil.rmtree(outdir / "_configfile")
    app.build()  # no page changed, none is written: the copies come back all the same
    assert linked_copies(outdir) != set()
    assert {c for c in linked_copies(outdir) if not (outdir / c).is_file()} == set()
