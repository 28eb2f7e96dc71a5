"""The guide builds to PDF with pdflatex (-W), and the PDF shows the listings' lines."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from guide_build import GUIDE_SOURCE, sphinx_build

pytestmark = pytest.mark.tex

# Program -> the Debian package that provides it.
TEX_TOOLS = {
    "pdflatex": "texlive-latex-recommended",
    "latexmk": "latexmk",
    "pdftotext": "poppler-utils",
}


def _require_tex_tools() -> None:
    missing = [
        f"{tool} (Debian package {package})"
        for tool, package in TEX_TOOLS.items()
        if shutil.which(tool) is None
    ]
    if not missing:
        return
    reason = "PDF build needs " + ", ".join(missing)
    if os.environ.get("CI") == "true":
        pytest.fail(reason + "; CI installs them, so this is an error")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    _require_tex_tools()
    build = tmp_path_factory.mktemp("guide-pdf")
    result = sphinx_build(["-M", "latexpdf", str(GUIDE_SOURCE), str(build)])
    if result.returncode != 0:
        pytest.fail(
            f"latexpdf failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr}"
        )
    pdfs = sorted(Path(build, "latex").glob("*.pdf"))
    assert len(pdfs) == 1, f"expected one PDF, found {pdfs}"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdfs[0]), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text


def test_pdf_has_the_chapter_and_its_listing_captions(pdf_text: str) -> None:
    assert "Instant Messaging Systems" in pdf_text
    assert "TLS setup for ejabberd 14.12" in pdf_text
    assert "TLS-relevant configuration for Charybdis/ircd-seven" in pdf_text


def test_pdf_listing_shows_starttls_required_with_its_line_number(pdf_text: str) -> None:
    config = (GUIDE_SOURCE.parent / "configs/IM/ejabberd/14.12/ejabberd.yml").read_text()
    number = config.splitlines().index("    starttls_required: true") + 1
    numbered = [line for line in pdf_text.splitlines() if "starttls_required: true" in line]
    assert any(line.strip().startswith(str(number)) for line in numbered), numbered
