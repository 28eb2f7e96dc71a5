"""LaTeX output and the real PDF: original numbers per segment, gap notes, wrapped long lines."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.pdf_text import pdf_layout_text

# LaTeX's default one-inch right margin on letter paper, as Sphinx's howto class sets it.
RIGHT_MARGIN_PT = 72.0


@pytest.mark.sphinx("latex", testroot="configfile")
def test_latex_segments_start_at_original_numbers(app) -> None:
    app.build()
    assert app._warning.getvalue() == ""
    tex = (Path(app.outdir) / "configfile-test.tex").read_text(encoding="utf-8")
    listing = tex[tex.index(r"\label{\detokenize{index:ejabberd-tls}}}") :]
    listing = listing[: listing.index(r"\endgroup")]
    firsts = re.findall(r"numbers=left,firstnumber=(\d+),stepnumber=1", listing)
    assert firsts == ["8", "13", "22"]
    bodies = re.findall(
        r"\\begin\{sphinxVerbatim\}\[[^\n]*\n(.*?)\n\\end\{sphinxVerbatim\}", listing, re.S
    )
    assert [len(body.split("\n")) for body in bodies] == [3, 2, 1]
    assert r"$\vdots$ lines 11--12 omitted" in listing
    assert r"$\vdots$ lines 15--21 omitted" in listing
    assert "verbatimforcewraps=true" in listing
    assert r"\sphinxSetupCaptionForVerbatim{TLS setup for ejabberd" in tex


def _build_pdf(rootdir: Path, out: Path) -> Path:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-M",
            "latexpdf",
            str(rootdir / "test-configfile"),
            str(out),
            "-q",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "latex" / "configfile-test.pdf"


@pytest.mark.tex
def test_pdf_shows_numbers_captions_and_wraps_long_lines(
    rootdir: Path, project_root: Path, require_command
) -> None:
    require_command("latexmk", "texlive-latex-extra latexmk")
    require_command("pdftotext", "poppler-utils")
    out = project_root / "build" / "tests" / "configfile-pdf"
    pdf = _build_pdf(rootdir, out)

    layout = pdf_layout_text(pdf)
    assert re.search(r"^\s*22\s+s2s_use_starttls: required_trusted$", layout, re.M)
    assert re.search(r"^\s*13\s+starttls_required: true$", layout, re.M)
    assert re.search(r"Listing \d+\.1: TLS setup for ejabberd", layout)
    assert "lines 11–12 omitted" in layout
    # The cipher line wraps: one number, continuation lines marked with a hook arrow.
    cipher = re.search(r"^\s*24\s+s2s_ciphers: \"EDH\+CAMELLIA.*?$\n(.*?)\n\n", layout, re.M | re.S)
    assert cipher is not None
    assert "\u2192" in cipher.group(1)
    assert not re.search(r"^\s*25\s", cipher.group(1), re.M)

    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert right_edges
    assert max(right_edges) <= width - RIGHT_MARGIN_PT + 1.0

    require_command("pdftoppm", "poppler-utils")
    page = next(
        number for number, text in enumerate(layout.split("\f"), start=1) if "s2s_ciphers" in text
    )
    prefix = out / "listing-page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), str(pdf), str(prefix)],
        check=True,
    )
    images = list(out.glob("listing-page*.png"))
    assert images and images[0].stat().st_size > 10_000
