"""The directive in MyST Markdown gives the same listings as in reST.

myst-parser is a test dependency (pyproject ``[test]``); the MyST page and
the reST page of the ``configfile-myst`` root quote the same lines.
"""

from __future__ import annotations

import json
import re

import pytest

CAPTION = re.compile(r'<div class="code-block-caption">(.*?)</div>', re.S)
NUMBER = re.compile(r'<span class="caption-number">[^<]*</span>')
PERMALINK = re.compile(r'<a class="headerlink" href="#[^"]*"[^>]*>.*?</a>')


def captions(page: str) -> list[str]:
    """Captions without their listing number and permalink (those differ by page)."""
    return [PERMALINK.sub("", NUMBER.sub("", caption)) for caption in CAPTION.findall(page)]


@pytest.mark.sphinx("html", testroot="configfile-myst")
def test_myst_page_gives_the_same_listings_as_the_rest_page(app, listings) -> None:
    app.build()
    assert app._warning.getvalue() == ""
    markdown = (app.outdir / "markdown.html").read_text(encoding="utf-8")
    restructured = (app.outdir / "restructured.html").read_text(encoding="utf-8")
    assert len(listings(markdown)) == 2
    assert listings(markdown) == listings(restructured)
    assert listings(markdown)[0][0] == (8, "listen:")
    assert captions(markdown) == captions(restructured)
    assert "TLS setup for ejabberd (" in captions(markdown)[0]


@pytest.mark.sphinx("html", testroot="configfile-myst")
def test_myst_name_is_a_numref_target(app) -> None:
    app.build()
    markdown = (app.outdir / "markdown.html").read_text(encoding="utf-8")
    assert '<div class="literal-block-wrapper docutils container" id="md-ejabberd-tls">' in markdown
    assert (
        '<a class="reference internal" href="#md-ejabberd-tls">'
        '<span class="std std-numref">Listing 1</span></a>'
    ) in markdown


@pytest.mark.sphinx("html", testroot="configfile-myst")
def test_myst_quotes_are_recorded_at_their_markdown_lines(app) -> None:
    app.build()
    manifest = json.loads((app.outdir / "configfiles.json").read_text(encoding="utf-8"))
    markdown = [
        (q["line"], q["lines"], q["name"]) for q in manifest["quotes"] if q["page"] == "markdown"
    ]
    assert markdown == [(8, "8-10,13-14,22", "md-ejabberd-tls"), (17, "24", None)]
