"""Listings and footnotes in LaTeX: a listing inside a footnote, and a caption's URL footnote."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.skipping import require_program

CONF = (
    'extensions = ["sphinx_configfile"]\nconfigfile_root = "configs"\n'
    'exclude_patterns = ["_build", "configs"]\nlatex_show_urls = "footnote"\n'
    'latex_documents = [("index", "notes.tex", "Notes", "Tests", "howto")]\n'
)
URL = "https://example.org/tls-docs"


def write_project(srcdir: Path, index: str) -> Path:
    (srcdir / "configs").mkdir(parents=True)
    (srcdir / "configs" / "a.yml").write_text("one: 1\ntwo: 2\n", encoding="utf-8")
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    (srcdir / "index.rst").write_text(index, encoding="utf-8")
    return srcdir


IN_FOOTNOTE = (
    "Notes\n=====\n\nSome text [#f1]_.\n\n"
    ".. [#f1] A footnote with a listing.\n\n   .. configfile:: a.yml\n      :lines: 2\n"
)
CAPTION_URL = f"Notes\n=====\n\n.. configfile:: a.yml\n   :caption: See `the docs <{URL}>`__\n"


def test_listing_in_a_footnote_is_set_up_as_a_code_block(make_app, tmp_path: Path) -> None:
    app = make_app("latex", srcdir=write_project(tmp_path / "fn", IN_FOOTNOTE))
    app.build()
    tex = (app.outdir / "notes.tex").read_text(encoding="utf-8")
    footnote = tex[tex.index(r"\begin{footnote}") : tex.index(r"\end{footnote}")]
    # Sphinx's own code-block in a footnote: footnote-size type, a minipage Verbatim.
    assert "\\sphinxSetupCodeBlockInFootnote\n\\begingroup" in footnote, footnote


def test_caption_url_footnote_is_a_mark_and_a_footnote_text(make_app, tmp_path: Path) -> None:
    app = make_app("latex", srcdir=write_project(tmp_path / "url", CAPTION_URL))
    app.build()
    tex = (app.outdir / "notes.tex").read_text(encoding="utf-8")
    caption = re.search(r"^\\sphinxSetupCaptionForVerbatim\{.*$", tex, re.M).group(0)
    assert r"\sphinxhref{" + URL + r"}{the docs}\sphinxfootnotemark[1]" in caption
    assert r"\begin{footnote}" not in tex
    after = tex[tex.index(caption) : tex.index(r"\begin{sphinxVerbatim}")]
    assert r"\begin{footnotetext}[1]" in after and r"\sphinxnolinkurl{" + URL + "}" in after


@pytest.mark.tex
def test_caption_url_footnote_prints_at_the_page_foot(tmp_path: Path) -> None:
    require_program("latexmk", "latexmk")
    require_program("pdflatex", "texlive-latex-recommended")
    require_program("pdftotext", "poppler-utils")
    srcdir = write_project(tmp_path / "pdf", CAPTION_URL + "\nText after the listing.\n")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(srcdir), str(tmp_path / "out")]
        + ["-W", "--keep-going", "-q"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    layout = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "out/latex/notes.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Below the code and the text after it, as code-block's caption footnotes are.
    assert layout.index(URL) > layout.index("Text after the listing.") > layout.index("two: 2")
