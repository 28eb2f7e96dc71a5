"""Build the guide with sphinx-build and read its listings back from the HTML.

The guide is built once per session as a real ``sphinx-build`` subprocess,
with ``-W --keep-going`` like ``make html``: a warning fails the build.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GUIDE_SOURCE = PROJECT_ROOT / "source"
CONFIGS_ROOT = PROJECT_ROOT / "configs"

_LISTING_WRAPPER = re.compile(r'<div class="[^"]*literal-block-wrapper[^"]*" id="(?P<id>[^"]+)"')
_CAPTION = re.compile(r'<span class="caption-text">(?P<text>.*?)</span>', re.S)
_PRE = re.compile(r"<pre>(?P<body>.*?)</pre>", re.S)
_LINE_NUMBER = re.compile(r'<span class="linenos">\s*(\d+)</span>')
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Listing:
    """One ``configfile`` listing as the HTML shows it."""

    name: str
    caption: str
    lines: tuple[tuple[int, str], ...]  # (number shown, text shown)

    def number_of(self, text: str) -> int:
        """The number shown beside the one line whose text, stripped, is ``text``."""
        found = [number for number, shown in self.lines if shown.strip() == text]
        assert len(found) == 1, f"{text!r} shown {len(found)} times in listing {self.name}"
        return found[0]


@dataclass(frozen=True)
class BuiltGuide:
    outdir: Path
    stderr: str

    def page(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")

    def manifest(self) -> dict:
        return json.loads((self.outdir / "configfiles.json").read_text(encoding="utf-8"))


def sphinx_build(
    builder_args: list[str], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m sphinx ARGS -W --keep-going -q`` from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", *builder_args, "-W", "--keep-going", "-q"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, **(env or {})},
    )


def parse_listings(page_html: str) -> dict[str, Listing]:
    """Every captioned listing of a page, by its ``:name:``."""
    listings: dict[str, Listing] = {}
    starts = list(_LISTING_WRAPPER.finditer(page_html))
    for index, start in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(page_html)
        chunk = page_html[start.end() : end]
        caption = _CAPTION.search(chunk)
        pre = _PRE.search(chunk)
        if caption is None or pre is None:
            continue
        listings[start.group("id")] = Listing(
            name=start.group("id"),
            caption=html.unescape(_TAG.sub("", caption.group("text"))).strip(),
            lines=_numbered_lines(pre.group("body")),
        )
    return listings


def _numbered_lines(pre_body: str) -> tuple[tuple[int, str], ...]:
    pieces = _LINE_NUMBER.split(pre_body)
    # split() gives [before, number, text, number, text, ...]
    lines = []
    for number, text in zip(pieces[1::2], pieces[2::2], strict=True):
        first_line = text.split("\n", 1)[0]
        lines.append((int(number), html.unescape(_TAG.sub("", first_line))))
    return tuple(lines)
