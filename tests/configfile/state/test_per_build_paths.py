"""Each build resolves config paths afresh: no answer of an earlier build is trusted."""

from __future__ import annotations

import shutil
from pathlib import Path


def test_a_config_replaced_by_a_symlink_leading_out_is_refused_by_the_next_build(
    make_app, rootdir, tmp_path, listings
) -> None:
    srcdir = tmp_path / "project"
    shutil.copytree(rootdir / "test-configfile", srcdir)
    first = make_app("html", srcdir=srcdir, confoverrides={"html_theme": "basic"})
    first.build()
    page = (Path(first.outdir) / "index.html").read_text(encoding="utf-8")
    assert [(1, "top: level"), (2, "second: line")] in listings(page)

    secret = tmp_path / "secret.yml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    top = srcdir / "configs" / "top.yml"
    top.unlink()
    top.symlink_to(secret)
    second = make_app("html", srcdir=srcdir, confoverrides={"html_theme": "basic"})
    second.build()
    assert "outside the configs root" in second._warning.getvalue()
    page = (Path(second.outdir) / "index.html").read_text(encoding="utf-8")
    assert "hunter2" not in str(listings(page))
    assert not (Path(second.outdir) / "_configfile" / "top.yml").exists()
