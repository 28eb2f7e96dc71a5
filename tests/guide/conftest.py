"""Fixtures for the guide tests: the guide built once per session (HTML, PDF), its IM listings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from guide_build import GUIDE_SOURCE, BuiltGuide, Listing, parse_listings, sphinx_build
from support.skipping import skip_or_fail

# Program -> the Debian package that provides it.
TEX_TOOLS = {
    "pdflatex": "texlive-latex-recommended",
    "latexmk": "latexmk",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
}


def _require_tex_tools() -> None:
    missing = [
        f"{tool} (Debian package {package})"
        for tool, package in TEX_TOOLS.items()
        if shutil.which(tool) is None
    ]
    if not missing:
        return
    skip_or_fail("PDF build needs " + ", ".join(missing))


@pytest.fixture(scope="session")
def guide_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built to PDF with pdflatex (-W), once per session."""
    _require_tex_tools()
    build = tmp_path_factory.mktemp("guide-pdf")
    result = sphinx_build(["-M", "latexpdf", str(GUIDE_SOURCE), str(build)])
    if result.returncode != 0:
        pytest.fail(
            f"latexpdf failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr}"
        )
    pdfs = sorted(Path(build, "latex").glob("*.pdf"))
    assert len(pdfs) == 1, f"expected one PDF, found {pdfs}"
    return pdfs[0]


@pytest.fixture(scope="session")
def built_guide(tmp_path_factory: pytest.TempPathFactory) -> BuiltGuide:
    """The guide built to HTML; the session fails if sphinx-build warns or fails."""
    outdir = tmp_path_factory.mktemp("guide") / "html"
    result = sphinx_build(["-b", "html", str(GUIDE_SOURCE), str(outdir)])
    if result.returncode != 0:
        pytest.fail(f"sphinx-build -W failed ({result.returncode}):\n{result.stderr}")
    return BuiltGuide(outdir, result.stderr)


@pytest.fixture(scope="session")
def im_listings(built_guide: BuiltGuide) -> dict[str, Listing]:
    return parse_listings(built_guide.page("im"))
