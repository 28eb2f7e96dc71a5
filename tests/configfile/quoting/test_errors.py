"""Every bad quote is a located warning (``index.rst:LINE: configfile: ...``), never a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")

# (argument, expected message) in the order of the quotes in the error project's index.rst.
EXPECTED = [
    ("ejabberd.yml", "configfile: range 12-10 is reversed (write 10-12)"),
    ("ejabberd.yml", "configfile: range 0-3 contains line 0 (lines count from 1)"),
    ("ejabberd.yml", "configfile: range 4-6 overlaps range 1-5 (quote each line once)"),
    ("ejabberd.yml", "configfile: range 18-23 is past the end of ejabberd.yml (20 lines)"),
    ("ejabberd.yml", "configfile: cannot read range '1-x'"),
    ("missing.yml", "configfile: config file not found: {root}/IM/ejabberd/missing.yml"),
    ("../../../outside/secret.yml", "leads outside the configs root {root}"),
    ("escape.yml", "is a symlink to {src}/outside/secret.yml, outside the configs root"),
    ("/etc/hostname", "configfile: config file not found: {root}/etc/hostname"),
    ("latin1.yml", "latin1.yml:2: not valid UTF-8 (byte 0xe9); re-save the file as UTF-8"),
    ("binary.yml", "binary.yml:3: binary file (NUL byte)"),
    ("ejabberd.yml", "configfile: unknown language 'no-such-language'"),
    ("/IM", "configfile: {root}/IM is a directory; name a config file in it"),
    ("bad\0name.yml", "configfile: 'bad\\x00name.yml': a NUL character cannot be part of"),
]


def directive_lines(rst: Path) -> list[int]:
    lines = rst.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if line.startswith(".. configfile::")]


def test_each_error_is_reported_at_its_directive_line(
    make_app, errors_srcdir: Path, listings
) -> None:
    app = make_app("html", srcdir=errors_srcdir)
    app.build()
    warnings = ANSI_COLOUR.sub("", app._warning.getvalue())
    assert "Traceback" not in warnings
    rst = errors_srcdir / "index.rst"
    lines = directive_lines(rst)
    root = errors_srcdir / "configs"
    for (argument, message), line in zip(EXPECTED, lines, strict=False):
        expected = message.format(root=root, src=errors_srcdir)
        located = [w for w in warnings.splitlines() if w.startswith(f"{rst}:{line}: ")]
        assert located, f"no warning at {rst}:{line} for {argument}:\n{warnings}"
        assert expected in located[0], located[0]
        assert "configfile: " in located[0]
    # Exactly one warning per bad quote, and the last (valid) quote renders.
    assert len(re.findall(r"WARNING: configfile: ", warnings)) == len(EXPECTED)
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert listings(page) == [[(20, "line 20: value")]]
    assert "secret: outside" not in page
    # The next build checks the pages' dependencies: none of them may be a
    # path the file system refuses (a NUL noted as a dependency would raise).
    again = make_app("html", srcdir=errors_srcdir)
    again.build()
    assert "Traceback" not in again._warning.getvalue()


def test_werror_build_fails_with_located_message(
    errors_srcdir: Path, tmp_path: Path, build_project
) -> None:
    result = build_project(tmp_path, "-W", source=errors_srcdir, out=tmp_path / "html")
    assert result.returncode != 0
    first = directive_lines(errors_srcdir / "index.rst")[0]
    assert f"index.rst:{first}:" in result.stderr
    assert "configfile: range 12-10 is reversed" in result.stderr
    assert "Traceback" not in result.stderr


def test_file_insertion_disabled_refuses_like_include(
    rootdir: Path, tmp_path: Path, build_project
) -> None:
    # docutils.conf is read by sphinx-build (not by an in-process app), so run the CLI.
    srcdir = tmp_path / "noinsert"
    shutil.copytree(rootdir / "test-configfile-noinsert", srcdir)
    out = tmp_path / "html"
    result = build_project(tmp_path, source=srcdir, out=out)
    assert result.returncode == 0, result.stderr
    assert f"{srcdir / 'index.rst'}:4: WARNING: configfile: file insertion disabled" in (
        result.stderr
    )
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "key: value" not in page
    assert 'class="configfile' not in page
