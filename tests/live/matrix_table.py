"""The agreement matrix: one cell per config and rule, and its Markdown table in docs/probe.md.

A cell agrees (both sides pass, or both fail), is not applicable (the
config gives the rule nothing to judge and the server does nothing
weak), or cannot be observed here, for a reason the test module lists
by name. Anything else is a disagreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tls_manifesto.verdicts import Status, Verdict

from live.live_verdicts import LiveVerdict, compare

CellOutcome = Literal["agree", "not-applicable", "cannot-observe", "disagree"]
DOCS_PAGE = Path(__file__).resolve().parents[2] / "docs" / "probe.md"
BEGIN = "% agreement-matrix: begin (written by tests/live/test_agreement_matrix.py)"
END = "% agreement-matrix: end"
MAIL_BEGIN = "% mail-agreement-matrix: begin (written by tests/live/test_mail_agreement_matrix.py)"
MAIL_END = "% mail-agreement-matrix: end"


@dataclass(frozen=True)
class Cell:
    config: str
    rule: str
    static: Status
    live: LiveVerdict
    outcome: CellOutcome
    message: str
    reason: str | None = None  # the name of the reason a cell cannot be observed

    def text(self) -> str:
        if self.outcome == "agree":
            return self.static.value
        if self.outcome == "not-applicable":
            return "n/a"
        if self.outcome == "cannot-observe":
            return f"{self.static.value}, live: not observed ({self.reason})"
        return f"DISAGREE: {self.static.value}, live {self.live.status}"


def make_cell(
    config: str,
    static: Verdict,
    live: LiveVerdict,
    system_refuses_obsolete: bool,
    unobservable: dict[tuple[str, str], str],
) -> Cell:
    comparison = compare(static, live, system_refuses_obsolete)
    outcome: CellOutcome
    reason = unobservable.get((config, static.rule))
    if comparison.outcome in ("agree", "not-applicable"):
        outcome = comparison.outcome
    elif reason is not None:
        outcome = "cannot-observe"
    else:
        outcome = "disagree"
    return Cell(config, static.rule, static.status, live, outcome, comparison.message, reason)


def render_table(
    cells: list[Cell],
    rules: tuple[str, ...],
    edits: dict[str, str],
    reasons: dict[str, str],
    markers: tuple[str, str] = (BEGIN, END),
) -> str:
    """The Markdown table (config x rule) and the reasons it names, between the markers."""
    configs = list(dict.fromkeys(c.config for c in cells))
    by_key = {(c.config, c.rule): c for c in cells}
    lines = [
        markers[0],
        "",
        "| Config | Edit | " + " | ".join(rules) + " |",
        "|---|---|" + "---|" * len(rules),
    ]
    for config in configs:
        row = [by_key[(config, rule)].text() for rule in rules]
        lines.append(f"| `{config}` | {edits[config]} | " + " | ".join(row) + " |")
    used = sorted({c.reason for c in cells if c.reason})
    if used:
        lines += ["", "Cells that cannot be observed on this machine:", ""]
        lines += [f"- **{name}**: {reasons[name]}" for name in used]
    lines += ["", markers[1]]
    return "\n".join(lines)


def documented_table(page: Path = DOCS_PAGE, markers: tuple[str, str] = (BEGIN, END)) -> str | None:
    text = page.read_text(encoding="utf-8")
    begin, end = (re.escape(m) for m in markers)
    found = re.search(begin + ".*?" + end, text, flags=re.DOTALL)
    return found.group(0) if found else None


def write_table(
    table: str, page: Path = DOCS_PAGE, markers: tuple[str, str] = (BEGIN, END)
) -> None:
    text = page.read_text(encoding="utf-8")
    old = documented_table(page, markers)
    if old is None:
        raise AssertionError(f"{page}: no {markers[0]!r} ... {markers[1]!r} block to rewrite")
    partial = page.with_name(page.name + ".partial")
    partial.write_text(text.replace(old, table), encoding="utf-8")
    partial.replace(page)
