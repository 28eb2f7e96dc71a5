"""In headless Chromium, with each of five themes and sphinx-copybutton: listings read right.

For alabaster, furo, sphinx-rtd-theme, pydata-sphinx-theme and
sphinx-book-theme the guide (plus one page with emphasized lines, see
``theme_build.py``) is built with ``sphinx-build -W`` and opened in the
system's Chromium (``chromium.py``). Every listing must show its code at
full width with each evidence mark level with its line, an emphasized line
keeps its number and text on one row, copybutton gives one button per
listing and copies config lines only, as a hand selection does, and in the
dark modes of furo and pydata the marks, gap notes and verdict lines keep
their contrast. A screenshot per theme goes to ``build/screenshots/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import Chromium
from guide_build import CONFIGS_ROOT, PROJECT_ROOT
from theme_build import EMPHASIZED_LINES, EMPHASIZED_LISTING, THEMES, build_guide_with_theme

pytestmark = pytest.mark.browser

SCREENSHOTS = PROJECT_ROOT / "build" / "screenshots"
CONFIG = CONFIGS_ROOT / "IM/ejabberd/23.01/ejabberd.yml"
MARKED_LISTING = "ejabberd-23-tls"
# Pages whose listings are measured: the guide's listings and the extra one.
PAGES = ("im", "emphasized")
# Themes with a dark mode that follows prefers-color-scheme.
DARK_THEMES = {"furo", "pydata_sphinx_theme", "sphinx_book_theme"}

# Per listing of the page: widths, and the vertical centre of each row of the
# code (line numbers and gap notes, in order) and of each mark with its row.
LAYOUT_SCRIPT = """(() => {
  const centre = element => {
    const box = element.getClientRects()[0];
    return box ? box.top + box.height / 2 : null;
  };
  return [...document.querySelectorAll('div.configfile')].map(listing => {
    const pre = listing.querySelector('pre');
    const margin = listing.querySelector('.configfile-margin');
    const rows = [...pre.querySelectorAll('span.linenos, span.configfile-gap')]
      .filter(row => !row.closest('.configfile-margin'));
    const marks = margin ? [...margin.querySelectorAll('span.configfile-marks')]
      .map((row, index) => [index, row.querySelector('.configfile-mark')])
      .filter(([, mark]) => mark)
      .map(([index, mark]) => [index, centre(mark)]) : [];
    return {
      id: listing.closest('[id]') ? listing.closest('[id]').id : '',
      listing: listing.getBoundingClientRect().width,
      code: pre.getBoundingClientRect().width,
      margin: margin ? margin.getBoundingClientRect().width : 0,
      rows: rows.map(centre),
      marks: marks,
      numbers: [...pre.querySelectorAll('span.linenos')].map(n => parseInt(n.textContent)),
    };
  });
})()"""

# Each emphasized line: the centre of its number, of its first piece of text,
# and the height of its highlighted block.
EMPHASIS_SCRIPT = """(() => [...document.querySelectorAll('#ID div.configfile pre span.hll')]
.map(hll => {
  const number = hll.querySelector('span.linenos');
  const text = number.nextElementSibling;
  const centre = element => {
    const box = element.getClientRects()[0];
    return box.top + box.height / 2;
  };
  return {
    number: parseInt(number.textContent),
    numberCentre: centre(number),
    textCentre: centre(text),
    height: hll.getBoundingClientRect().height,
    lineHeight: number.getClientRects()[0].height,
  };
}))()"""


@pytest.fixture(scope="module", params=sorted(THEMES))
def theme_build(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    theme = request.param
    return theme, build_guide_with_theme(theme, tmp_path_factory.mktemp(theme))


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    with Chromium() as chromium:
        yield chromium


def _layouts(browser: Chromium, outdir: Path, page: str) -> list[dict]:
    browser.open(outdir / f"{page}.html")
    return browser.evaluate(LAYOUT_SCRIPT)


def _config_lines(numbers: list[int]) -> list[str]:
    config = CONFIG.read_text(encoding="utf-8").splitlines()
    return [config[number - 1] for number in numbers]


def test_the_code_column_takes_the_listing_width_but_the_margin(
    theme_build: tuple[str, Path], browser: Chromium
) -> None:
    theme, outdir = theme_build
    measured = [layout for page in PAGES for layout in _layouts(browser, outdir, page)]
    assert sum(1 for layout in measured if layout["margin"]) >= 3, theme
    for layout in measured:
        # A theme's border around a code block may take a pixel or two.
        room = layout["listing"] - layout["margin"] - 4
        assert layout["code"] >= room, (theme, layout["id"], layout)
        assert layout["code"] > 200, (theme, layout["id"], layout)


def test_each_mark_sits_on_its_line(theme_build: tuple[str, Path], browser: Chromium) -> None:
    theme, outdir = theme_build
    checked = 0
    for page in PAGES:
        for layout in _layouts(browser, outdir, page):
            for row, mark_centre in layout["marks"]:
                assert abs(mark_centre - layout["rows"][row]) <= 2, (theme, layout["id"], row)
                checked += 1
    assert checked > 20, theme


def test_every_row_is_one_line_high(theme_build: tuple[str, Path], browser: Chromium) -> None:
    # No empty row after an emphasized line or a gap note: rows evenly spaced.
    theme, outdir = theme_build
    for page in PAGES:
        for layout in _layouts(browser, outdir, page):
            rows = layout["rows"]
            steps = [after - before for before, after in zip(rows, rows[1:], strict=False)]
            assert steps, (theme, layout["id"])
            assert max(steps) - min(steps) <= 2, (theme, layout["id"], steps)


def test_an_emphasized_line_keeps_number_and_text_on_one_row(
    theme_build: tuple[str, Path], browser: Chromium
) -> None:
    theme, outdir = theme_build
    browser.open(outdir / "emphasized.html")
    emphasized = browser.evaluate(EMPHASIS_SCRIPT.replace("ID", EMPHASIZED_LISTING))
    assert [line["number"] for line in emphasized] == list(EMPHASIZED_LINES), theme
    for line in emphasized:
        assert abs(line["numberCentre"] - line["textCentre"]) <= 2, (theme, line)
        assert line["height"] < 1.5 * line["lineHeight"], (theme, line)


def _click(browser: Chromium, selector: str) -> None:
    box = browser.evaluate(
        "(() => { const e = document.querySelector("
        + json.dumps(selector)
        + "); e.scrollIntoView({block: 'center', behavior: 'instant'});"
        " const r = e.getBoundingClientRect();"
        " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
    )
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        browser.call(
            "Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1
        )


@pytest.mark.parametrize("listing", [MARKED_LISTING, EMPHASIZED_LISTING])
def test_copybutton_gives_one_button_that_copies_config_lines_only(
    theme_build: tuple[str, Path], browser: Chromium, listing: str
) -> None:
    theme, outdir = theme_build
    page = "im" if listing == MARKED_LISTING else "emphasized"
    browser.open(outdir / f"{page}.html")
    # copybutton adds its buttons once the page has loaded.
    browser.evaluate(
        "new Promise(done => { const wait = () => document.querySelector('button.copybtn')"
        " ? done() : setTimeout(wait, 50); wait(); })"
    )
    counts = browser.evaluate(
        "[...document.querySelectorAll('div.configfile')]"
        ".map(listing => listing.querySelectorAll('button.copybtn').length)"
    )
    assert counts and set(counts) == {1}, (theme, counts)
    numbers = browser.evaluate(
        f"[...document.querySelectorAll('#{listing} div.configfile span.linenos')]"
        ".map(n => parseInt(n.textContent))"
    )
    expected = "\n".join(_config_lines(numbers))
    assert browser.evaluate(f"document.querySelectorAll('#{listing} .configfile-mark').length")

    browser.evaluate("navigator.clipboard.writeText('')", gesture=True)
    _click(browser, f"#{listing} button.copybtn")
    by_button = browser.evaluate("navigator.clipboard.readText()", gesture=True)
    assert by_button.rstrip("\n") == expected, theme

    by_hand = browser.copy_selection_of(f"#{listing} div.configfile pre")
    assert by_hand.rstrip("\n") == expected, theme


def test_screenshot_per_theme(theme_build: tuple[str, Path], browser: Chromium) -> None:
    theme, outdir = theme_build
    for page, listing in (("im", MARKED_LISTING), ("emphasized", EMPHASIZED_LISTING)):
        browser.open(outdir / f"{page}.html")
        browser.evaluate("window.getSelection().removeAllRanges()")
        target = browser.screenshot_of(f"#{listing}", SCREENSHOTS / f"{listing}-{theme}.png")
        data = target.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000


# WCAG 2 contrast of each piece's text against the background behind it,
# the text colour's alpha and the element's opacity composited first.
CONTRAST_SCRIPT = """(() => {
  const channels = value => {
    const numbers = value.match(/[\\d.]+/g).map(Number);
    if (value.startsWith('color(')) {
      const [r, g, b, a = 1] = numbers;
      return [r * 255, g * 255, b * 255, a];
    }
    const [r, g, b, a = 1] = numbers;
    return [r, g, b, a];
  };
  const luminance = ([r, g, b]) => {
    const linear = c => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const background = element => {
    for (let e = element; e; e = e.parentElement) {
      const colour = channels(getComputedStyle(e).backgroundColor);
      if (colour[3] > 0.5) { return colour; }
    }
    return [255, 255, 255, 1];
  };
  const contrast = element => {
    let alpha = 1;
    for (let e = element; e; e = e.parentElement) { alpha *= Number(getComputedStyle(e).opacity); }
    const text = channels(getComputedStyle(element).color);
    const behind = background(element);
    alpha *= text[3];
    const shown = [0, 1, 2].map(i => text[i] * alpha + behind[i] * (1 - alpha));
    const [light, dark] = [luminance(shown), luminance(behind)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
  };
  const pieces = {
    mark: '.configfile-mark', gap: 'span.configfile-gap', verdict: 'p.configfile-verdict',
    server: '.configfile-server', rule: '.configfile-rule', number: 'div.configfile span.linenos',
  };
  const found = {};
  for (const [name, selector] of Object.entries(pieces)) {
    const element = document.querySelector(selector);
    if (element) { found[name] = contrast(element); }
  }
  found.page = luminance(background(document.querySelector('div.configfile').parentElement));
  return found;
})()"""


def _contrast(browser: Chromium, page: Path, scheme: str, screenshot: Path) -> dict[str, float]:
    browser.call(
        "Emulation.setEmulatedMedia",
        features=[{"name": "prefers-color-scheme", "value": scheme}],
    )
    try:
        browser.open(page)
        browser.screenshot_of(f"#{EMPHASIZED_LISTING}", screenshot)
        return browser.evaluate(CONTRAST_SCRIPT)
    finally:
        browser.call("Emulation.setEmulatedMedia", features=[])


def test_marks_gap_notes_and_verdicts_stay_readable(
    theme_build: tuple[str, Path], browser: Chromium
) -> None:
    theme, outdir = theme_build
    schemes = ["light", "dark"] if theme in DARK_THEMES else ["light"]
    for scheme in schemes:
        screenshot = SCREENSHOTS / f"{EMPHASIZED_LISTING}-{theme}-{scheme}.png"
        contrast = _contrast(browser, outdir / "emphasized.html", scheme, screenshot)
        # The theme followed the scheme (a dark page is far below white's 1.0).
        assert (contrast.pop("page") < 0.1) == (scheme == "dark"), (theme, scheme)
        # The rule ids in the verdict line are links in the theme's own colour.
        contrast.pop("rule")
        # WCAG 2 AA for normal text.
        assert set(contrast) == {"mark", "gap", "verdict", "server", "number"}
        assert min(contrast.values()) >= 4.5, (theme, scheme, contrast)
