"""Pages whose quotes failed are read again until they quote cleanly, whatever the mtimes.

Each case builds, changes the project, rebuilds into the same output, builds
the changed project fresh elsewhere, and compares the two outputs.
"""

from __future__ import annotations

import os
import shutil

from support.rebuilds import (
    assert_same_output,
    fresh_build_elsewhere,
    output_files,
    sphinx_build,
)
from test_rebuild_copies import TOP, copies, project


def test_a_config_restored_with_its_old_mtime_is_quoted_again(rootdir, tmp_path) -> None:
    srcdir, out = project(rootdir, tmp_path)
    sphinx_build(srcdir, out)
    kept = tmp_path / "top.yml"
    shutil.copy2(srcdir / TOP, kept)  # keeps the mtime, as git stash or cp -p would

    (srcdir / TOP).unlink()
    assert "config file not found" in sphinx_build(srcdir, out)
    shutil.copy2(kept, srcdir / TOP)
    assert os.stat(srcdir / TOP).st_mtime < os.stat(out / ".doctrees" / "index.doctree").st_mtime
    assert sphinx_build(srcdir, out) == ""  # the quote is back, with no warning left
    rebuilt = output_files(out)
    assert "_configfile/top.yml" in copies(rebuilt)
    assert_same_output(rebuilt, fresh_build_elsewhere(srcdir, tmp_path / "fresh")[0])


def test_failed_quotes_read_by_parallel_readers_are_read_again(rootdir, tmp_path) -> None:
    # Sphinx reads in parallel from six pages on; what each reader noted must reach the main one.
    srcdir, out = project(rootdir, tmp_path)
    for number in range(6):
        page = f":orphan:\n\nPage {number}\n======\n\n.. configfile:: /top.yml\n"
        (srcdir / f"page{number}.rst").write_text(page, encoding="utf-8")
    kept = tmp_path / "top.yml"
    shutil.copy2(srcdir / TOP, kept)
    (srcdir / TOP).unlink()
    assert sphinx_build(srcdir, out, "-j", "2").count("config file not found") == 7
    shutil.copy2(kept, srcdir / TOP)
    assert sphinx_build(srcdir, out, "-j", "2") == ""
    rebuilt = output_files(out)
    assert_same_output(rebuilt, fresh_build_elsewhere(srcdir, tmp_path / "fresh", "-j", "2")[0])
