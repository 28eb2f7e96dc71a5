"""Listings and footnotes in LaTeX: a listing inside a footnote, and a caption's URL footnote."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from support.pdf_text import pdf_layout_text
from support.skipping import require_program

CONF_EXTRA = (
    'latex_show_urls = "footnote"\n'
    'latex_documents = [("index", "notes.tex", "Notes", "Tests", "howto")]\n'
)
URL = "https://example.org/tls-docs"


def write_project(make_project: Callable[..., Path], index: str) -> Path:
    """The project's root: ``source/`` with ``index`` as its page, ``configs/a.yml``."""
    return make_project(index, {"a.yml": "one: 1\ntwo: 2\n"}, CONF_EXTRA)


IN_FOOTNOTE = (
    "Notes\n=====\n\nSome text [#f1]_.\n\n"
    ".. [#f1] A footnote with a listing.\n\n   .. configfile:: a.yml\n      :lines: 2\n"
)
CAPTION_URL = f"Notes\n=====\n\n.. configfile:: a.yml\n   :caption: See `the docs <{URL}>`__\n"


def test_listing_in_a_footnote_is_set_up_as_a_code_block(make_app, make_project) -> None:
    app = make_app("latex", srcdir=write_project(make_project, IN_FOOTNOTE) / "source")
    app.build()
    tex = (app.outdir / "notes.tex").read_text(encoding="utf-8")
    footnote = tex[tex.index(r"\begin{footnote}") : tex.index(r"\end{footnote}")]
    # Sphinx's own code-block in a footnote: footnote-size type, a minipage Verbatim.
    assert "\\sphinxSetupCodeBlockInFootnote\n\\begingroup" in footnote, footnote


def test_caption_url_footnote_is_a_mark_and_a_footnote_text(make_app, make_project) -> None:
    app = make_app("latex", srcdir=write_project(make_project, CAPTION_URL) / "source")
    app.build()
    tex = (app.outdir / "notes.tex").read_text(encoding="utf-8")
    caption = re.search(r"^\\sphinxSetupCaptionForVerbatim\{.*$", tex, re.M).group(0)
    assert r"\sphinxhref{" + URL + r"}{the docs}\sphinxfootnotemark[1]" in caption
    assert r"\begin{footnote}" not in tex
    after = tex[tex.index(caption) : tex.index(r"\begin{sphinxVerbatim}")]
    assert r"\begin{footnotetext}[1]" in after and r"\sphinxnolinkurl{" + URL + "}" in after


@pytest.mark.tex
def test_caption_url_footnote_prints_at_the_page_foot(make_project, build_project) -> None:
    require_program("latexmk", "latexmk")
    require_program("pdflatex", "texlive-latex-recommended")
    require_program("pdftotext", "poppler-utils")
    root = write_project(make_project, CAPTION_URL + "\nText after the listing.\n")
    result = build_project(
        root, "-W", "--keep-going", builder="latexpdf", make_mode=True, out="out", timeout=600
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    layout = pdf_layout_text(root / "out/latex/notes.pdf")
    # Below the code and the text after it, as code-block's caption footnotes are.
    assert layout.index(URL) > layout.index("Text after the listing.") > layout.index("two: 2")
