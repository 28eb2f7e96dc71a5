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

CellOutcome = Literal[
    "agree", "not-applicable", "cannot-observe", "known-disagreement", "disagree", "live-only"
]
DOCS_PAGE = Path(__file__).resolve().parents[2] / "docs" / "probe.md"


@dataclass(frozen=True)
class Block:
    """The markers around one matrix in the docs page, and the test that writes it."""

    name: str
    writer: str

    @property
    def begin(self) -> str:
        return f"% {self.name}: begin (written by {self.writer})"

    @property
    def end(self) -> str:
        return f"% {self.name}: end"


XMPP_BLOCK = Block("agreement-matrix", "tests/live/xmpp/test_agreement_matrix.py")
BEGIN, END = XMPP_BLOCK.begin, XMPP_BLOCK.end


@dataclass(frozen=True)
class Cell:
    config: str
    rule: str
    static: Status | None  # None: the checker gave no verdict (live-only)
    live: LiveVerdict
    outcome: CellOutcome
    message: str
    # The name of the reason a cell cannot be observed, or of a known disagreement.
    reason: str | None = None

    def text(self) -> str:
        if self.static is None:
            seen = "not observed" if self.live.status == "not-observed" else self.live.status
            return f"live: {seen}" + (f" ({self.reason})" if self.reason else "")
        if self.outcome == "agree":
            return self.static.value
        if self.outcome == "not-applicable":
            return "n/a"
        if self.outcome == "cannot-observe":
            return f"{self.static.value}, live: not observed ({self.reason})"
        if self.outcome == "known-disagreement":
            return f"DISAGREE: {self.static.value}, live {self.live.status} ({self.reason})"
        return f"DISAGREE: {self.static.value}, live {self.live.status}"


def make_cell(
    config: str,
    static: Verdict,
    live: LiveVerdict,
    system_refuses_obsolete: bool,
    unobservable: dict[tuple[str, str], str],
    known_disagreements: dict[tuple[str, str], str] | None = None,
) -> Cell:
    """``known_disagreements``: cells where the live server shows the checker wrong, each
    with the name of its explanation; they stay marked DISAGREE in the table.
    """
    comparison = compare(static, live, system_refuses_obsolete)
    outcome: CellOutcome
    known = (known_disagreements or {}).get((config, static.rule))
    reason = unobservable.get((config, static.rule)) or known
    if static.rule != live.rule:
        raise ValueError(f"{config}: static {static.rule} compared with live {live.rule}")
    if comparison.outcome in ("agree", "not-applicable"):
        outcome = comparison.outcome
    elif known is not None:
        outcome = "known-disagreement"
    elif reason is not None:
        outcome = "cannot-observe"
    else:
        outcome = "disagree"
    return Cell(config, static.rule, static.status, live, outcome, comparison.message, reason)


def live_only_cell(
    config: str, live: LiveVerdict, unobservable: dict[tuple[str, str], str]
) -> Cell:
    """A cell with no static verdict to compare: what the server did, and why if not observed."""
    reason = unobservable.get((config, live.rule)) if live.status == "not-observed" else None
    return Cell(config, live.rule, None, live, "live-only", live.evidence, reason)


def render_table(
    cells: list[Cell],
    rules: tuple[str, ...],
    edits: dict[str, str],
    reasons: dict[str, str],
    block: Block = XMPP_BLOCK,
) -> str:
    """The Markdown table (config x rule) and the reasons it names, between the markers."""
    configs = list(dict.fromkeys(c.config for c in cells))
    by_key = {(c.config, c.rule): c for c in cells}
    lines = [
        block.begin,
        "",
        "| Config | Edit | " + " | ".join(rules) + " |",
        "|---|---|" + "---|" * len(rules),
    ]
    for config in configs:
        row = [by_key[(config, rule)].text() for rule in rules]
        lines.append(f"| `{config}` | {edits[config]} | " + " | ".join(row) + " |")
    known = sorted({c.reason for c in cells if c.reason and c.outcome == "known-disagreement"})
    used = sorted({c.reason for c in cells if c.reason} - set(known))
    if used:
        lines += ["", "Cells that cannot be observed on this machine:", ""]
        lines += [f"- **{name}**: {reasons[name]}" for name in used]
    if known:
        lines += ["", "Disagreements the live server shows, explained (the checker is wrong):", ""]
        lines += [f"- **{name}**: {reasons[name]}" for name in known]
    lines += ["", block.end]
    return "\n".join(lines)


def documented_table(page: Path = DOCS_PAGE, block: Block = XMPP_BLOCK) -> str | None:
    text = page.read_text(encoding="utf-8")
    found = re.search(re.escape(block.begin) + ".*?" + re.escape(block.end), text, flags=re.DOTALL)
    return found.group(0) if found else None


def write_table(table: str, page: Path = DOCS_PAGE, block: Block = XMPP_BLOCK) -> None:
    text = page.read_text(encoding="utf-8")
    old = documented_table(page, block)
    if old is None:
        raise AssertionError(f"{page}: no {block.begin!r} ... {block.end!r} block to rewrite")
    partial = page.with_name(page.name + ".partial")
    partial.write_text(text.replace(old, table), encoding="utf-8")
    partial.replace(page)
