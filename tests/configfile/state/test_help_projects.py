"""HTML Help and Qt Help project files list the ``_configfile/`` copies the pages link to."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support.rebuilds import (
    assert_same_output,
    fresh_build_elsewhere,
    output_files,
    sphinx_build,
)
from test_rebuild_copies import linked_copies


def built(rootdir: Path, tmp_path: Path, builder: str) -> Path:
    srcdir = tmp_path / "project"
    shutil.copytree(rootdir / "test-configfile", srcdir)
    out = tmp_path / builder
    assert sphinx_build(srcdir, out, builder=builder) == ""
    return out


def test_htmlhelp_project_lists_every_linked_copy(rootdir, tmp_path) -> None:
    out = built(rootdir, tmp_path, "htmlhelp")
    linked = linked_copies(out)
    assert "_configfile/top.yml" in linked
    project = next(out.glob("*.hhp")).read_text(encoding="cp1252")
    files = project.split("[FILES]\n", 1)[1].splitlines()
    assert {f.replace("\\", "/") for f in files if "_configfile" in f} == linked
    assert "index.html" in files  # the builder's own list is kept


def test_qthelp_project_lists_every_linked_copy(rootdir, tmp_path) -> None:
    out = built(rootdir, tmp_path, "qthelp")
    linked = linked_copies(out)
    assert "_configfile/top.yml" in linked
    project = next(out.glob("*.qhp")).read_text(encoding="utf-8")
    files = project.split("<files>", 1)[1].split("</files>", 1)[0]
    listed = re.findall(r"<file>([^<]*)</file>", files)
    assert {f for f in listed if f.startswith("_configfile/")} == linked
    assert "index.html" in listed


def test_building_help_again_lists_each_copy_once(rootdir, tmp_path) -> None:
    out = built(rootdir, tmp_path, "qthelp")
    sphinx_build(tmp_path / "project", out, builder="qthelp")
    project = next(out.glob("*.qhp")).read_text(encoding="utf-8")
    assert project.count("<file>_configfile/top.yml</file>") == 1


@pytest.mark.parametrize("builder", ["htmlhelp", "qthelp"])
def test_a_deleted_config_leaves_the_help_project_as_a_fresh_build_does(
    rootdir, tmp_path, builder
) -> None:
    out = built(rootdir, tmp_path, builder)
    srcdir = tmp_path / "project"
    (srcdir / "configs" / "top.yml").unlink()
    sphinx_build(srcdir, out, builder=builder)
    rebuilt = output_files(out)
    project = next(name for name in rebuilt if name.endswith((".hhp", ".qhp")))
    assert b"top.yml" not in rebuilt[project]
    assert b"ejabberd.yml" in rebuilt[project]
    fresh, _ = fresh_build_elsewhere(srcdir, tmp_path / "fresh", builder=builder)
    assert_same_output(rebuilt, fresh)
