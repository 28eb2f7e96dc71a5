"""The guide builds to PDF with pdflatex (-W), and the PDF shows the listings' lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from guide_build import GUIDE_SOURCE
from support.pdf_text import pdf_layout_text

pytestmark = pytest.mark.tex


@pytest.fixture(scope="module")
def pdf_text(guide_pdf: Path) -> str:
    return pdf_layout_text(guide_pdf)


def test_pdf_has_the_chapter_and_its_listing_captions(pdf_text: str) -> None:
    assert "Instant Messaging Systems" in pdf_text
    assert "TLS setup for ejabberd 14.12" in pdf_text
    assert "TLS-relevant configuration for Charybdis/ircd-seven" in pdf_text


def test_pdf_listing_shows_starttls_required_with_its_line_number(pdf_text: str) -> None:
    config = (GUIDE_SOURCE.parent / "configs/IM/ejabberd/14.12/ejabberd.yml").read_text()
    number = config.splitlines().index("    starttls_required: true") + 1
    numbered = [line for line in pdf_text.splitlines() if "starttls_required: true" in line]
    assert any(line.strip().startswith(str(number)) for line in numbered), numbered
