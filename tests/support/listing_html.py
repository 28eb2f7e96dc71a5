"""Read the listings of built HTML: each shown line's evidence marks and the verdict line."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_WRAPPER = re.compile(r'<div class="[^"]*literal-block-wrapper[^"]*" id="(?P<id>[^"]+)"')
_CODE_PRE = re.compile(r'<div class="highlight"><pre>(?P<body>.*?)</pre>', re.S)
# The margin opens the <pre>: one row span per listing row, ids in data-rule.
_MARGIN = re.compile(
    r'^<span class="configfile-margin">(?P<body>.*?</span>)</span>(?=<span></span>)'
)
_MARGIN_ROW = re.compile(
    r'<span class="configfile-marks">(.*?)</span>(?=<span class="configfile-marks">|$)'
)
_GAP = re.compile(r'<span class="configfile-gap" data-note="[^"]*"></span>')
_VERDICT = re.compile(r'<p class="configfile-verdict">(?P<body>.*?)</p>', re.S)
_NUMBER = re.compile(r'^(?:</span>)?(?:<span class="hll">)?<span class="linenos">\s*(\d+)</span>')
_MARK = re.compile(
    r'<(?:a|span) class="configfile-mark" data-rule="(?P<id>MF\d{3})" title="(?P<title>[^"]*)"'
    r'(?: href="(?P<href>[^"]*)")?></(?:a|span)>'
)
_RULE = re.compile(
    r'<(?:a|span) class="configfile-rule configfile-(?P<status>[a-z-]+)" title="(?P<title>[^"]*)"'
    r'(?: href="(?P<href>[^"]*)")?>(?P<id>MF\d{3})</(?:a|span)>'
)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Mark:
    rule: str
    title: str
    href: str | None


@dataclass(frozen=True)
class MarkedListing:
    name: str
    marks: dict[int, tuple[Mark, ...]]  # every shown line number -> its marks (maybe none)
    verdict_text: str | None
    verdict_rules: tuple[tuple[str, str, str, str | None], ...]  # (id, status, title, href)
    verdict_html: str | None


def listing_chunks(page: str) -> dict[str, str]:
    starts = list(_WRAPPER.finditer(page))
    chunks = {}
    for index, start in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(page)
        chunks[start.group("id")] = page[start.end() : end]
    return chunks


def marked_listings(page: str) -> dict[str, MarkedListing]:
    """Each listing of the page: its marks per shown line and its verdict line."""
    found = {}
    for name, chunk in listing_chunks(page).items():
        code = _CODE_PRE.search(chunk)
        if code is None:
            continue
        body = code.group("body")
        margin = _MARGIN.match(body)
        body = body[margin.end() :] if margin else body
        # A gap note starts the row of the line after it; give it a row of its own.
        body = _GAP.sub("GAP\n", body.removeprefix("<span></span>"))
        code_rows = body.split("\n")[:-1]
        margin_rows = _MARGIN_ROW.findall(margin.group("body")) if margin else [""] * len(code_rows)
        assert len(margin_rows) == len(code_rows), f"{name}: margin rows do not match lines"
        marks: dict[int, tuple[Mark, ...]] = {}
        for code_row, margin_row in zip(code_rows, margin_rows, strict=True):
            number = _NUMBER.match(code_row)
            row_marks = tuple(
                Mark(m["id"], html.unescape(m["title"]), m["href"])
                for m in _MARK.finditer(margin_row)
            )
            if number is None:
                assert not row_marks, f"{name}: a gap note carries marks"
                continue
            marks[int(number.group(1))] = row_marks
        verdict = _VERDICT.search(chunk)
        found[name] = MarkedListing(
            name=name,
            marks=marks,
            verdict_text=html.unescape(_TAG.sub("", verdict.group("body"))) if verdict else None,
            verdict_rules=tuple(
                (m["id"], m["status"], html.unescape(m["title"]), m["href"])
                for m in _RULE.finditer(verdict.group("body"))
            )
            if verdict
            else (),
            verdict_html=verdict.group("body") if verdict else None,
        )
    return found
