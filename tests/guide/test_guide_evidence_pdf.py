"""Evidence marks and verdict lines in the guide's PDF agree with `manifesto check --format json`.

pdftotext -layout gives each listing line with its number and, far right,
its marks; -bbox says where each word is, so the marks can be shown to be
in the page's right margin. A page image of a marked listing is written to
``build/screenshots/`` (pdftoppm) for a person to look at.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from evidence_reading import CheckerView, checker_view, reason_as_read
from guide_build import PROJECT_ROOT, BuiltGuide
from support.pdf_text import pdf_layout_text

pytestmark = pytest.mark.tex

SCREENSHOTS = PROJECT_ROOT / "build" / "screenshots"
STATUS_WORDS = (
    ("pass", "pass"),
    ("fail", "fail"),
    ("warn", "warn"),
    ("waived", "waived"),
    ("not-applicable", "not applicable"),
)
_CAPTION = re.compile(r"Listing \d+\.\d+: ")
_NUMBERED = re.compile(r"^\s*(\d+)(?:\s+(\S.*?))??(?:\s{3,}((?:MF\d{3} ?)+))?\s*$")
# A verdict line starts "server · ..."; with waiver reasons it runs over several lines.
_VERDICT = re.compile(r"^\s*(\S.*? \u00b7 \S.*?)\s*$")
# A footnote at the foot of the page ("8 https://...") or the next page: not the verdict's.
_PARAGRAPH_END = re.compile(r"^\s*(\d+\s+[a-z]+://\S+\s*)?$|\f")


@pytest.fixture(scope="module")
def layout(guide_pdf: Path) -> str:
    return pdf_layout_text(guide_pdf)


@pytest.fixture(scope="module")
def checker() -> CheckerView:
    return checker_view()


def _pdf_listings(layout: str) -> list[tuple[dict[int, list[str]], str]]:
    """Each listing of the chapter in order: (line number -> marks, verdict line)."""
    chapter = layout[: layout.index("Compliance\n", layout.index("Instant Messaging Systems\n"))]
    listings: list[tuple[dict[int, list[str]], str]] = []
    current: dict[int, list[str]] | None = None
    lines = iter(chapter.splitlines())
    for line in lines:
        if _CAPTION.search(line):
            current = {}
            continue
        if current is None or "Chapter " in line:
            continue
        verdict = _VERDICT.match(line)
        if verdict:
            # The verdict paragraph (set without hyphenation) ends at the blank line
            # after it, or at the page's footnotes when it is the last thing on a page.
            rest = []
            for following in lines:
                if _PARAGRAPH_END.match(following):
                    break
                rest.append(following.strip())
            listings.append((current, " ".join([verdict.group(1), *rest])))
            current = None
            continue
        numbered = _NUMBERED.match(line)
        # The guide's listings show ascending lines; a smaller number is a
        # footnote at the foot of a page the listing runs across.
        if numbered and int(numbered.group(1)) > max(current, default=0):
            current[int(numbered.group(1))] = (numbered.group(3) or "").split()
    return listings


CHAPTERS = ("im", "webservers", "mailservers")  # in the order the PDF prints them


def _chapter_quotes(built_guide: BuiltGuide) -> list[dict]:
    quotes = [q for q in built_guide.manifest()["quotes"] if q["page"] in CHAPTERS]
    return sorted(quotes, key=lambda q: (CHAPTERS.index(q["page"]), q["line"]))


def test_each_pdf_evidence_line_carries_exactly_the_cited_ids(
    layout: str, built_guide: BuiltGuide, checker: CheckerView
) -> None:
    quotes = _chapter_quotes(built_guide)
    listings = _pdf_listings(layout)
    assert len(listings) == len(quotes)
    marked = 0
    for quote, (lines, _) in zip(quotes, listings, strict=True):
        cited = checker.cited(quote["config_relpath"])
        shown = {n for start, end in quote["ranges"] for n in range(start, end + 1)}
        assert set(lines) == shown, quote["name"]
        for number, ids in lines.items():
            assert ids == sorted(cited.get(number, ())), (quote["name"], number)
            marked += len(ids)
    assert marked > 100


def test_pdf_verdict_line_matches_the_checker_json(
    layout: str, built_guide: BuiltGuide, checker: CheckerView
) -> None:
    probed = {"IM/ejabberd/23.01/ejabberd.yml", "IM/Prosody/0.12/prosody.cfg.lua"}
    for quote, (_, verdict) in zip(
        _chapter_quotes(built_guide), _pdf_listings(layout), strict=True
    ):
        relpath = quote["config_relpath"]
        parts = [checker.servers[relpath]]
        for status, words in STATUS_WORDS:
            verdicts = [v for v in checker.verdicts[relpath] if v["status"] == status]
            # A PDF has no hover: each waiver's reason follows the rules it excuses.
            for reason in dict.fromkeys(v.get("waiver_reason") for v in verdicts):
                ids = [v["rule"] for v in verdicts if v.get("waiver_reason") == reason]
                read = f" ({reason_as_read(reason)})" if reason else ""
                parts.append(" ".join(ids) + " " + words + read)
        if relpath in probed:
            parts.append("live-verified")
        assert verdict == " \u00b7 ".join(parts), quote["name"]


def test_marks_sit_in_the_right_margin_and_verdict_ids_in_the_text(guide_pdf: Path) -> None:
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(guide_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    text_right = width - 72  # Sphinx's default hmargin is 1in on each side
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(MF\d{3})<', bbox)
    in_margin = [w for w in words if float(w[0]) >= text_right]
    in_text = [w for w in words if float(w[1]) <= text_right + 1]
    assert len(in_margin) > 100
    assert len(in_margin) + len(in_text) == len(words)  # no id straddles the frame's edge
    assert all(float(x_max) <= width for _, x_max, _ in in_margin)  # inside the page


def test_pdf_page_image_of_a_marked_listing(guide_pdf: Path, layout: str) -> None:
    pages = layout.split("\f")
    page = next(
        i for i, text in enumerate(pages, start=1) if "TLS settings of ejabberd 23.01" in text
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = SCREENSHOTS / "marked-listing-pdf"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-singlefile", "-f", str(page), "-l", str(page)]
        + [str(guide_pdf), str(prefix)],
        check=True,
    )
    image = prefix.with_suffix(".png")
    assert image.read_bytes().startswith(b"\x89PNG") and image.stat().st_size > 20_000


def _has_verdict_line(text: str) -> bool:
    return any(_VERDICT.match(line) for line in text.splitlines())


def test_a_short_listing_is_kept_on_one_page(layout: str, built_guide: BuiltGuide) -> None:
    pages = layout.split("\f")
    kept = 0
    for quote in _chapter_quotes(built_guide):
        if sum(end - start + 1 for start, end in quote["ranges"]) > 30:
            continue  # a long listing breaks where it must
        caption = re.compile(r"Listing \d+\.\d+: " + re.escape(quote["caption"][:25]))
        first = next(i for i, page in enumerate(pages) if caption.search(page))
        after_caption = caption.split(pages[first], maxsplit=1)[1]
        assert _has_verdict_line(after_caption), f"{quote['name']} continues after page {first + 1}"
        kept += 1
    assert kept >= 4
