"""The configfile directive in HTML: numbers, gaps, captions, links, numfig, CSS."""

from __future__ import annotations

import re

import pytest

EJABBERD_TLS = [
    (8, "listen:"),
    (9, "  -"),
    (10, "    port: 5222"),
    (None, "\u22ee lines 11\u201312 omitted"),
    (13, "    starttls_required: true"),
    (14, "    protocol_options:"),
    (None, "\u22ee lines 15\u201321 omitted"),
    (22, "s2s_use_starttls: required_trusted"),
]


@pytest.mark.sphinx("html", testroot="configfile")
def test_disjoint_ranges_keep_original_line_numbers(app, listings) -> None:
    app.build()
    assert app._warning.getvalue() == ""
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert listings(page)[0] == EJABBERD_TLS


@pytest.mark.sphinx("html", testroot="configfile")
def test_whole_file_without_lines_option(app, listings) -> None:
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    config = app.srcdir / "configs" / "IM" / "Charybdis" / "3.4" / "ircd.conf"
    expected = list(enumerate(config.read_text(encoding="utf-8").splitlines(), start=1))
    assert listings(page)[2] == expected


@pytest.mark.sphinx("html", testroot="configfile")
def test_section_and_title_choose_the_directory(app, listings) -> None:
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    prosody, top = listings(page)[3:5]
    assert prosody == [(1, "c2s_require_encryption = true"), (2, "s2s_require_encryption = true")]
    assert top == [(1, "top: level"), (2, "second: line")]
    ircd_page = (app.outdir / "ircd.html").read_text(encoding="utf-8")
    assert listings(ircd_page)[0][0] == (10, "listen {")


@pytest.mark.sphinx("html", testroot="configfile")
def test_caption_has_title_and_path_linked_to_the_whole_file(app) -> None:
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    caption = re.search(r'<div class="code-block-caption">(.*?)</div>', page, re.S).group(1)
    assert "TLS setup for ejabberd (" in caption
    assert "IM/ejabberd/14.12/ejabberd.yml</span></code></a>)" in caption
    href = re.search(r'<a class="reference external configfile-source" href="([^"]+)"', caption)
    assert href.group(1) == "_configfile/IM/ejabberd/14.12/ejabberd.yml"
    config = app.srcdir / "configs" / "IM" / "ejabberd" / "14.12" / "ejabberd.yml"
    assert (app.outdir / href.group(1)).read_bytes() == config.read_bytes()


@pytest.mark.sphinx(
    "html",
    testroot="configfile",
    srcdir="configfile-base-url",
    confoverrides={"configfile_base_url": "https://example.org/configs/"},
)
def test_caption_links_to_base_url_when_given(app) -> None:
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/configs/IM/ejabberd/14.12/ejabberd.yml"' in page
    assert "_configfile/" not in page


@pytest.mark.sphinx("html", testroot="configfile")
def test_listings_are_numbered_and_referenceable(app) -> None:
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    numbers = re.findall(r'<span class="caption-number">Listing (\d+) </span>', page)
    assert numbers == ["3", "4", "5", "6", "7"]
    assert '<div class="literal-block-wrapper docutils container" id="ejabberd-tls">' in page
    assert (
        '<a class="reference internal" href="#ejabberd-tls">'
        '<span class="std std-numref">Listing 3</span></a>' in page
    )
    # :ref: shows the caption title alone, without the path.
    assert '<span class="std std-ref">TLS setup for ejabberd</span>' in page


@pytest.mark.sphinx("html", testroot="configfile")
def test_numbers_and_gaps_are_not_copied(app) -> None:
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="_static/configfile.css' in page
    css = (app.outdir / "_static" / "configfile.css").read_text(encoding="utf-8")
    rule = re.search(r"([^{}]*)\{([^}]*user-select: none[^}]*)\}", css)
    assert "span.linenos" in rule.group(1)
    assert "span.configfile-gap" in rule.group(1)


@pytest.mark.sphinx("html", testroot="configfile")
def test_languages_follow_the_file_and_the_class_option(app) -> None:
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    classes = re.findall(r'<div class="(configfile [^"]*)">', page)
    assert classes == [
        "configfile highlight-yaml notranslate",
        "configfile highlight-yaml notranslate",
        "configfile highlight-ircd notranslate",
        "configfile highlight-lua notranslate extra-class",
        "configfile highlight-yaml notranslate",
    ]
    # The ircd.conf lexer: block names are keywords, keys attributes, "#" a comment.
    assert '<span class="k">serverinfo</span>' in page
    assert '<span class="na">sslport</span>' in page
    assert '<span class="c1"># plain listener and TLS listener</span>' in page
    # YAML keys from Pygments' YAML lexer, with HtmlFormatter's class names.
    assert '<span class="nt">s2s_use_starttls</span>' in page
    assert '<span class="l l-Scalar l-Scalar-Plain">5222</span>' in page


@pytest.mark.sphinx("html", testroot="configfile")
def test_quote_inside_a_note_finds_its_subsection(app, listings) -> None:
    app.build()
    page = (app.outdir / "nested.html").read_text(encoding="utf-8")
    assert listings(page) == [[(2, "serverinfo {")]]
    assert "Quoted inside a note (" in page


@pytest.mark.sphinx("dirhtml", testroot="configfile", srcdir="configfile-dirhtml")
def test_caption_link_is_relative_to_each_page(app) -> None:
    app.build()
    page = (app.outdir / "ircd" / "index.html").read_text(encoding="utf-8")
    href = re.search(r'class="reference external configfile-source" href="([^"]+)"', page)
    assert href.group(1) == "../_configfile/IM/Charybdis/3.4/ircd.conf"
    assert (app.outdir / "ircd" / href.group(1)).resolve().is_file()
