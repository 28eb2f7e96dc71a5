"""A PDF's text as a reader sees it on the page: ``pdftotext -layout``."""

from __future__ import annotations

import subprocess
from pathlib import Path

from support.skipping import require_program


def pdf_layout_text(pdf: Path) -> str:
    """The text of ``pdf``, its lines laid out as printed (columns kept apart by spaces)."""
    pdftotext = require_program("pdftotext", "poppler-utils")
    return subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
