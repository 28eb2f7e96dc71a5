"""In headless Chromium: copying a marked listing gives config text only; marks sit on their lines.

The guide is built once (sphinx-build, -W); the browser is the system's
Chromium driven over its DevTools pipe (``chromium.py``). A screenshot of a
marked listing is written to ``build/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import pytest
from chromium import Chromium
from guide_build import CONFIGS_ROOT, PROJECT_ROOT, BuiltGuide

pytestmark = pytest.mark.browser

LISTING = "ejabberd-23-tls"
CONFIG = CONFIGS_ROOT / "IM/ejabberd/23.01/ejabberd.yml"
SCREENSHOTS = PROJECT_ROOT / "build" / "screenshots"

# For each margin row with a mark: how far (px) the mark's top is from the top
# of the listing row at the same index (numbered lines and gap notes, in order).
MARK_OFFSETS_SCRIPT = """(() => {
  const listing = document.querySelector('#LISTING div.configfile');
  const code = listing.querySelector('div.highlight:not(.configfile-margin) pre');
  const rows = [...code.querySelectorAll('span.linenos, span.configfile-gap')];
  const tops = rows.map(r => r.getBoundingClientRect().top).sort((a, b) => a - b);
  const margin = [...listing.querySelectorAll('.configfile-margin span.configfile-marks')];
  if (margin.length !== tops.length) { return ['row count', margin.length, tops.length]; }
  return margin.map((row, i) => {
    const mark = row.querySelector('.configfile-mark');
    return mark ? Math.abs(mark.getBoundingClientRect().top - tops[i]) : null;
  }).filter(x => x !== null);
})()"""


@pytest.fixture(scope="module")
def browser(built_guide: BuiltGuide):
    with Chromium() as chromium:
        chromium.open(built_guide.outdir / "im.html")
        yield chromium


def _shown_numbers(browser: Chromium) -> list[int]:
    return browser.evaluate(
        f"[...document.querySelectorAll('#{LISTING} div.configfile pre span.linenos')]"
        ".map(span => parseInt(span.textContent))"
    )


def test_copying_a_marked_listing_gives_config_text_only(browser: Chromium) -> None:
    assert browser.evaluate(f"document.querySelectorAll('#{LISTING} .configfile-mark').length")
    copied = browser.copy_selection_of(f"#{LISTING} div.configfile")
    config = CONFIG.read_text(encoding="utf-8").splitlines()
    # Gap notes leave an empty line behind; compare the lines that hold text.
    copied_lines = [line for line in copied.split("\n") if line]
    shown = [config[number - 1] for number in _shown_numbers(browser)]
    assert copied_lines == [line for line in shown if line]
    assert len(shown) > 20
    assert "MF0" not in copied


def test_copying_the_whole_listing_block_leaves_marks_and_numbers_out(browser: Chromium) -> None:
    copied = browser.copy_selection_of(f"#{LISTING} div.configfile")
    assert "MF00" not in copied
    assert not any(line.lstrip().startswith(("22 ", "28 ")) for line in copied.split("\n"))


def test_each_mark_sits_on_its_line(browser: Chromium) -> None:
    # Row i of the margin must be level with row i of the listing.
    offsets = browser.evaluate(MARK_OFFSETS_SCRIPT.replace("LISTING", LISTING))
    assert len(offsets) > 10
    assert max(offsets) <= 3, offsets


def test_screenshot_of_a_marked_listing(browser: Chromium) -> None:
    browser.evaluate("window.getSelection().removeAllRanges()")
    target = browser.screenshot_of(f"#{LISTING}", SCREENSHOTS / "marked-listing-html.png")
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000
