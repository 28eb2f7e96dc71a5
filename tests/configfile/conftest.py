"""Fixtures for the configfile tests: HTML listing parser, error project, tool checks."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from support.skipping import skip_or_fail

Listing = list[tuple[int | None, str]]

_PRE = re.compile(r'<div class="configfile[^"]*">\s*<div class="highlight"><pre>(.*?)</pre>', re.S)
_NUMBERED = re.compile(r'^<span class="linenos">\s*(\d+)</span>(.*)$')
# A gap note is an empty span whose note CSS shows; it starts the next line's row.
_GAP = re.compile(r'^<span class="configfile-gap" data-note="([^"]*)"></span>')
# An emphasized line is wrapped in hll, its closing tag starts the next row.
_HLL = re.compile(r'^(?:</span>)?(?:<span class="hll">)?')
_TAG = re.compile(r"<[^>]+>")


def _text(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))


def parse_listings(page: str) -> list[Listing]:
    """Every configfile listing of an HTML page as (number, text) pairs; gaps have number None."""
    listings: list[Listing] = []
    for block in _PRE.findall(page):
        rows: Listing = []
        for raw in block.removeprefix("<span></span>").split("\n"):
            raw = _HLL.sub("", raw, count=1)
            gap = _GAP.match(raw)
            if gap:
                rows.append((None, html.unescape(gap.group(1))))
                raw = raw[gap.end() :]
            if not raw:
                continue
            numbered = _NUMBERED.match(raw)
            if numbered is None:
                raise AssertionError(f"listing line neither numbered nor a gap: {raw!r}")
            rows.append((int(numbered.group(1)), _text(numbered.group(2))))
        listings.append(rows)
    return listings


@pytest.fixture
def listings() -> Callable[[str], list[Listing]]:
    return parse_listings


def _require_command(command: str, packages: str) -> None:
    if shutil.which(command):
        return
    skip_or_fail(f"needs Debian packages {packages} ({command} not found)")


@pytest.fixture
def require_command() -> Callable[[str, str], None]:
    """Skip when a Debian tool is missing; under CI=true that is a failure."""
    return _require_command


@pytest.fixture
def errors_srcdir(rootdir: Path, tmp_path: Path) -> Path:
    """The error-case project plus the files git should not carry: bad encodings, a symlink."""
    srcdir = tmp_path / "errors"
    shutil.copytree(rootdir / "test-configfile-errors", srcdir)
    configs = srcdir / "configs" / "IM" / "ejabberd"
    (configs / "latin1.yml").write_bytes(b"ok: 1\nname: caf\xe9\n")
    (configs / "binary.yml").write_bytes(b"one: 1\ntwo: 2\nthree\x00\x01\x02\n")
    (configs / "escape.yml").symlink_to("../../../outside/secret.yml")
    # A NUL in a page is bad input to report, not a file git should carry.
    index = srcdir / "index.rst"
    text = index.read_text(encoding="utf-8")
    last = text.rindex(".. configfile:: ejabberd.yml")
    index.write_text(text[:last] + ".. configfile:: bad\0name.yml\n\n" + text[last:])
    return srcdir
