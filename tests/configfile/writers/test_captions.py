"""Captions are inline reST in HTML and LaTeX; :ref: shows the title; text :numref: the number."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

CAPTION = (
    "The ``s2s_use_starttls`` setting (see `the docs <https://docs.ejabberd.im/>`__"
    " and :ref:`other`)"
)


PAGE = (
    "Captions\n========\n\n"
    f".. configfile:: ejabberd.yml\n   :lines: 3\n   :caption: {CAPTION}\n   :name: first\n\n"
    ".. _other:\n\nOther\n-----\n\nSee :numref:`first` and :ref:`first`.\n"
)
CONF_EXTRA = (
    'numfig = True\nnumfig_format = {"code-block": "Listing %s"}\n'
    'latex_documents = [("index", "captions.tex", "Captions", "Tests", "howto")]\n'
)


def write_project(make_project: Callable[..., Path], under: str) -> Path:
    """The captions project's source directory, in its own folder of ``tmp_path``."""
    configs = {"ejabberd.yml": "hosts:\n  - example.org\ns2s_use_starttls: required\n"}
    return make_project(PAGE, configs, CONF_EXTRA, under=under) / "source"


def test_html_caption_renders_literals_and_links(make_app, make_project) -> None:
    app = make_app("html", srcdir=write_project(make_project, "html"))
    app.build()
    assert app._warning.getvalue() == ""
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    caption = re.search(r'<span class="caption-text">(.*?)</span><a class="headerlink"', page)
    assert caption is not None
    text = caption.group(1)
    assert text.startswith(
        'The <code class="docutils literal notranslate"><span class="pre">s2s_use_starttls</span>'
        "</code> setting"
    )
    assert '<a class="reference external" href="https://docs.ejabberd.im/">the docs</a>' in text
    assert '<a class="reference internal" href="#other"><span class="std std-ref">Other' in text
    assert "``" not in text and ":ref:" not in text
    assert 'href="_configfile/ejabberd.yml"' in text  # the path still follows the title


def test_ref_to_a_listing_shows_its_title_without_the_path(make_app, make_project) -> None:
    app = make_app("html", srcdir=write_project(make_project, "ref"))
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    ref = re.search(r'<span class="std std-ref">(The s2s_use_starttls[^<]*)</span>', page)
    assert ref is not None
    assert ref.group(1) == "The s2s_use_starttls setting (see the docs and other)"
    assert "ejabberd.yml" not in ref.group(1)


def test_latex_caption_renders_literals_and_links(make_app, make_project) -> None:
    app = make_app("latex", srcdir=write_project(make_project, "latex"))
    app.build()
    tex = (app.outdir / "captions.tex").read_text(encoding="utf-8")
    caption = re.search(r"\\sphinxSetupCaptionForVerbatim\{(.*)\}$", tex, re.M)
    assert caption is not None
    text = caption.group(1)
    assert text.startswith(r"The \sphinxcode{\sphinxupquote{s2s\_use\_starttls}} setting")
    assert r"\sphinxhref{https://docs.ejabberd.im/}{the docs}" in text
    assert r"\hyperref[\detokenize{index:other}]" in text
    assert r"\sphinxcode{\sphinxupquote{ejabberd.yml}}" in text


def test_text_builder_renders_numref_as_listing_number(make_app, make_project) -> None:
    app = make_app("text", srcdir=write_project(make_project, "text"))
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "See Listing 1 and" in " ".join(text.split())
    assert "%s" not in text


def _figure_numref_line(make_app, srcdir: Path, extensions: list[str]) -> str:
    (srcdir / "pic.png").write_bytes(b"")
    index = srcdir / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8")
        + "\n.. figure:: pic.png\n   :name: pic\n\n   A picture\n\nSee :numref:`pic` here.\n",
        encoding="utf-8",
    )
    app = make_app("text", srcdir=srcdir, confoverrides={"extensions": extensions})
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if "here." in line)


def test_text_builder_leaves_other_numrefs_to_sphinx(make_app, make_project) -> None:
    # Only references to listings change: a figure's numref reads as it does
    # without the extension, so another extension's text for them still counts.
    with_listing = _figure_numref_line(
        make_app, write_project(make_project, "with"), ["sphinx_configfile"]
    )
    without = write_project(make_project, "without")
    index = without / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8").replace(".. configfile::", ".. ignored-configfile::"),
        encoding="utf-8",
    )
    plain = _figure_numref_line(make_app, without, [])
    assert with_listing == plain


def test_text_builder_numref_to_a_listing_on_another_page(make_app, make_project) -> None:
    srcdir = write_project(make_project, "pages")
    (srcdir / "other.rst").write_text("Other\n=====\n\nSee :numref:`first`.\n", encoding="utf-8")
    index = srcdir / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "\n.. toctree::\n\n   other\n")
    app = make_app("text", srcdir=srcdir)
    app.build()
    other = (app.outdir / "other.txt").read_text(encoding="utf-8")
    assert "See Listing 1." in other, other
