"""The seed page, unmodified, builds with real listings in HTML and LaTeX."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SEED_ROOT = Path(__file__).resolve().parent.parent / "roots" / "test-legacy-seed"

# The seed's quotes in page order: config prefix, caption, ranges as written.
SEED_QUOTES = [
    ("ejabberd 14.12", "TLS setup for ejabberd",
     "104-107,113-114,119-119,123-123,125-125,127-127,134-135,138-140,144-146,195-195,"
     "203-203,207-207,210-213"),
    ("ejabberd 14.12", "Specifying a cipher order and enforcing it",
     "104-107,113-114,119-119,123-123,125-125,127-127,134-135,138-138,142-142,144-146,"
     "195-195,203-203,207-207,210-213,217-217"),
    ("ejabberd 14.12", "Adding TLS to the web interface", "177-178,181-183,185-185,187-188"),
    ("ejabberd 2.1.10", "TLS setup for ejabberd",
     "108-109,111-111,120-126,172-172,179-179,184-184"),
    ("charybdis", "SSL relevant configuration for Charybdis/ircd-seven",
     "12-12,15-15,24-24,44-44,60-60,63-63,66-66,74-75,83-83,132-132,138-138,144-144"),
]  # fmt: skip


def expand(ranges: str) -> list[int]:
    numbers = []
    for part in ranges.split(","):
        first, _, last = part.partition("-")
        numbers.extend(range(int(first), int(last or first) + 1))
    return numbers


def run_starts(numbers: list[int]) -> list[int]:
    return [n for i, n in enumerate(numbers) if i == 0 or numbers[i - 1] != n - 1]


LISTING = re.compile(
    r'<span class="caption-text">(?P<caption>[^<(]*?) \(.*?'
    r'<div class="configfile highlight-\w+ notranslate">(?P<body>.*?)</pre>',
    re.S,
)


def html_listings(html: str) -> list[tuple[str, str]]:
    return [(m.group("caption"), m.group("body")) for m in LISTING.finditer(html)]


@pytest.mark.sphinx("html", testroot="legacy-seed")
def test_seed_page_builds_listings_in_html(app):
    app.build()
    assert app._warning.getvalue() == ""
    listings = html_listings((Path(app.outdir) / "index.html").read_text(encoding="utf-8"))
    assert [caption for caption, _ in listings] == [quote[1] for quote in SEED_QUOTES]
    for (caption, body), (prefix, _, ranges) in zip(listings, SEED_QUOTES, strict=True):
        numbers = [int(n) for n in re.findall(r'<span class="linenos">\s*(\d+)</span>', body)]
        assert numbers == expand(ranges), caption
        texts = [int(n) for n in re.findall(re.escape(prefix) + r" line (\d+)", body)]
        assert texts == numbers, caption  # each number sits next to its own line
    assert "\\configfile" not in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="legacy-seed")
def test_listing_replaces_the_role_but_keeps_the_paragraph_text(app):
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    # "...for TLS\nconnections.\n:raw-latex:`\configfile...`" : text stays, as its own <p>.
    pattern = (
        r"<p>It is possible to explicitly specify a cipher string for TLS\s+"
        r"connections\.\s*</p>\s*<div class=\"literal-block-wrapper"
    )
    assert re.search(pattern, html)
    assert "<p><div" not in html


@pytest.mark.sphinx("latex", testroot="legacy-seed")
def test_seed_page_builds_listings_in_latex(app):
    app.build()
    assert app._warning.getvalue() == ""
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert "\\configfile{" not in tex
    captions = re.findall(r"\\sphinxSetupCaptionForVerbatim\{([^(]*?) \(", tex)
    # LaTeX spells the hyphen of "ircd-seven" as \sphinxhyphen{}.
    assert [c.replace("\\sphinxhyphen{}", "-") for c in captions] == [q[1] for q in SEED_QUOTES]
    chunks = tex.split("\\sphinxSetupCaptionForVerbatim")[1:]
    for chunk, (prefix, caption, ranges) in zip(chunks, SEED_QUOTES, strict=True):
        starts = [int(n) for n in re.findall(r"firstnumber=(\d+)", chunk.split("\\section")[0])]
        assert starts[: len(run_starts(expand(ranges)))] == run_starts(expand(ranges)), caption
        shown = [int(n) for n in re.findall(re.escape(prefix) + r" line (\d+)\D", chunk)]
        assert shown == expand(ranges), caption


def test_without_the_legacy_extension_raw_latex_is_left_alone(make_app, tmp_path):
    srcdir = tmp_path / "seed"
    shutil.copytree(SEED_ROOT, srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace(', "sphinx_configfile.legacy"', ""))
    assert "legacy" not in conf.read_text().split("extensions")[1].splitlines()[0]
    app = make_app("latex", srcdir=srcdir)
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    # The raw blocks reach LaTeX untouched, as Sphinx passes any raw LaTeX on;
    # no listing is made of them.
    assert tex.count("\\configfile{") == len(SEED_QUOTES)
    assert "\\sphinxSetupCaptionForVerbatim" not in tex


def test_broken_legacy_quotes_warn_at_their_line(make_project, build_project):
    page = (
        ".. role:: raw-latex(raw)\n   :format: latex\n\nGuide\n=====\n\n"
        ":raw-latex:`\\gdef\\currentsectionname{IM}`\n\nejabberd\n--------\n\n"
        "Text.\n:raw-latex:`\\configfile{23.01/missing.yml}{1-2}{Gone}`\n\n"
        ":raw-latex:`\\configfile{23.01/ejabberd.yml}{1-2}`\n\n"
        ":raw-latex:`\\configfile{23.01/ejabberd.yml}{1-2}{open {brace}`\n"
    )
    guide = make_project(page, {"IM/ejabberd/23.01/ejabberd.yml": "hosts: []\nloglevel: 4\n"})
    result = build_project(guide)
    warnings = result.stderr
    assert "index.rst:13: WARNING: configfile: config file not found" in warnings
    assert "index.rst:15: WARNING: \\configfile takes 3 arguments" in warnings
    assert "index.rst:17: WARNING: unbalanced braces" in warnings
    assert "Traceback" not in warnings


def test_migrated_seed_builds_the_same_listings_as_the_bridge(tmp_path, run_configfile):
    bridge, migrated = tmp_path / "bridge", tmp_path / "migrated"
    shutil.copytree(SEED_ROOT, bridge)
    shutil.copytree(SEED_ROOT, migrated)
    (migrated / "index.rst").chmod(0o644)
    result = run_configfile("migrate", "index.rst", cwd=migrated)
    assert result.returncode == 0, result.stderr
    assert ".. configfile:: 2.1.10/ejabberd.cfg" in (migrated / "index.rst").read_text()
    outputs = []
    for root in (bridge, migrated):
        build = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", ".", "_build"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert build.returncode == 0, build.stderr
        outputs.append(html_listings((root / "_build/index.html").read_text(encoding="utf-8")))
    assert len(outputs[0]) == len(SEED_QUOTES)
    assert outputs[0] == outputs[1]


def test_problems_in_raw_blocks_warn_at_their_own_line(make_project, build_project):
    page = (
        "Guide\n=====\n\nejabberd\n--------\n\n"  # 1-6
        ".. raw:: latex\n\n"  # 7-8
        "   \\gdef\\currentsectionname{IM}\n"  # 9
        "   \\begin{itemize*}\\item x\\end{itemize*}\n"  # 10
        "   \\configfile{23.01/ejabberd.yml}{1-2}{Fine}\n"  # 11
        "   \\configfile{23.01/missing.yml}{1-2}{Gone}\n"  # 12
        "   \\configfile[linerange={1-2}]{23.01/ejabberd.yml}{1-2}{%\n"  # 13
        "     Refused}\n\n"  # 14-15
        ".. raw:: latex\n   :class: x\n\n"  # 16-18
        "   \\configfile{23.01/ejabberd.yml}{1-9}{Too far}\n"  # 19
    )
    guide = make_project(page, {"IM/ejabberd/23.01/ejabberd.yml": "hosts: []\nloglevel: 4\n"})
    result = build_project(guide)
    warnings = result.stderr
    assert "index.rst:12: WARNING: configfile: config file not found" in warnings
    assert "index.rst:13: WARNING: \\configfile: listings option linerange=" in warnings
    assert "index.rst:19: WARNING: configfile: range 1-9 is past the end" in warnings
    assert warnings.count("WARNING") == 3, warnings
    assert "Traceback" not in warnings
    html = (guide / "build/index.html").read_text(encoding="utf-8")
    assert html.count('class="configfile highlight-yaml') == 1


def test_labels_on_legacy_quotes_reach_the_listing(make_project, build_project):
    page = (
        ".. role:: raw-latex(raw)\n   :format: latex\n\nGuide\n=====\n\n"
        ".. class:: chapter-setup\n\n:raw-latex:`\\gdef\\currentsectionname{IM}`\n\n"
        "ejabberd\n--------\n\n"
        ".. _role-tls:\n\n:raw-latex:`\\configfile{23.01/ejabberd.yml}{1-2}{Role TLS}`\n\n"
        ".. _block-tls:\n\n.. raw:: latex\n\n"
        "   \\configfile{23.01/ejabberd.yml}{2-2}{Block TLS}\n\n"
        "See :ref:`role-tls` and :ref:`block-tls`.\n"
    )
    guide = make_project(page, {"IM/ejabberd/23.01/ejabberd.yml": "hosts: []\nloglevel: 4\n"})
    result = build_project(guide, "-W")
    assert result.returncode == 0, result.stderr
    html = (guide / "build/index.html").read_text(encoding="utf-8")
    for label, title in (("role-tls", "Role TLS"), ("block-tls", "Block TLS")):
        wrappers = re.findall(
            r'<div class="literal-block-wrapper[^>]*>(?:<span id="[^"]+"></span>)*', html
        )
        assert [w for w in wrappers if f'id="{label}"' in w], label
        link = re.search(rf'<a class="reference internal" href="#{label}">(.*?)</a>', html)
        # :ref: shows the listing's caption title, without the path.
        assert link and f'<span class="std std-ref">{title}</span>' in link.group(1), label
