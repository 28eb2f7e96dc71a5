"""Verdicts after an incremental build are a fresh build's, for files that appear between builds.

Sphinx reads a page again when a file it noted changes; a file that did not
exist (an include, a nearer waiver file, a new config) was never noted. Each
case builds, changes the project, rebuilds into the same output, builds the
changed project fresh elsewhere, and compares the two outputs.
"""

from __future__ import annotations

import re
import shutil

from support.rebuilds import (
    assert_same_output,
    fresh_build_elsewhere,
    output_files,
    sphinx_build,
)
from test_evidence_includes import CONFIG, split_listeners_into_ports_yml, verdict_line
from test_evidence_waivers import REFERENCE_14_12, write_project

REFERENCES = REFERENCE_14_12.parents[1]  # configs/IM/ejabberd of the guide


def page(files: dict[str, bytes], name: str) -> str:
    return files[name].decode("utf-8")


def test_an_include_that_appears_changes_the_verdicts_as_in_a_fresh_build(
    rootdir, tmp_path
) -> None:
    srcdir = split_listeners_into_ports_yml(rootdir, tmp_path / "guide")
    ports = srcdir / CONFIG.parent / "ports.yml"
    kept = ports.read_bytes()
    ports.unlink()
    out = tmp_path / "out"
    sphinx_build(srcdir, out)
    before = output_files(out)

    ports.write_bytes(kept)
    sphinx_build(srcdir, out)
    rebuilt = output_files(out)
    assert page(rebuilt, "index.html") != page(before, "index.html")
    assert page(rebuilt, "compliance.html") != page(before, "compliance.html")
    assert_same_output(rebuilt, fresh_build_elsewhere(srcdir, tmp_path / "fresh")[0])


def test_a_nearer_waiver_file_gives_its_reasons_as_in_a_fresh_build(rootdir, tmp_path) -> None:
    srcdir = write_project(rootdir, tmp_path / "guide")
    out = tmp_path / "out"
    sphinx_build(srcdir, out)
    nearer = srcdir / "configs/IM/ejabberd/14.12/manifesto.toml"
    farther = (srcdir / "configs/manifesto.toml").read_text(encoding="utf-8")
    reworded = farther.replace("IM/ejabberd/14.12/ejabberd.yml", "ejabberd.yml")
    nearer.write_text(reworded.replace("cannot set ``ciphers``", "has no way to set this"), "utf-8")

    sphinx_build(srcdir, out)
    rebuilt = output_files(out)
    for name in ("index.html", "compliance.html"):
        assert "has no way to set this" in page(rebuilt, name), name
    assert_same_output(rebuilt, fresh_build_elsewhere(srcdir, tmp_path / "fresh")[0])


def test_a_new_config_is_listed_on_the_compliance_page_as_in_a_fresh_build(
    rootdir, tmp_path
) -> None:
    srcdir = tmp_path / "guide"
    shutil.copytree(rootdir / "test-evidence", srcdir)
    out = tmp_path / "out"
    sphinx_build(srcdir, out)
    assert "16.01/ejabberd.yml" not in page(output_files(out), "compliance.html")

    added = srcdir / "configs/IM/ejabberd/16.01"
    added.mkdir()
    shutil.copy(REFERENCES / "16.01" / "ejabberd.yml", added / "ejabberd.yml")
    sphinx_build(srcdir, out)
    rebuilt = output_files(out)
    assert "16.01/ejabberd.yml" in page(rebuilt, "compliance.html")
    assert_same_output(rebuilt, fresh_build_elsewhere(srcdir, tmp_path / "fresh")[0])


def test_an_unchanged_rebuild_of_the_evidence_project_reads_nothing(rootdir, tmp_path) -> None:
    # Awaited files that do not appear must not make Sphinx read pages again.
    srcdir = write_project(rootdir, tmp_path / "guide")
    out = tmp_path / "out"
    sphinx_build(srcdir, out)
    doctrees = sorted((out / ".doctrees").glob("*.doctree"))
    before = [p.stat().st_mtime_ns for p in doctrees]
    sphinx_build(srcdir, out)
    assert [p.stat().st_mtime_ns for p in doctrees] == before


def test_a_second_build_in_one_process_judges_an_include_that_appeared(
    make_app, rootdir, tmp_path
) -> None:
    # The judgement of an unchanged config is not carried from one build to the next.
    srcdir = split_listeners_into_ports_yml(rootdir, tmp_path / "guide")
    ports = srcdir / CONFIG.parent / "ports.yml"
    kept = ports.read_bytes()
    ports.unlink()
    first = make_app("html", srcdir=srcdir)
    first.build()
    assert not re.search(r"MF001[^·]* pass", verdict_line(first))
    ports.write_bytes(kept)
    second = make_app("html", srcdir=srcdir)
    second.build()
    assert re.search(r"MF001[^·]* pass", verdict_line(second)), verdict_line(second)
