"""The agreement gate's report as text (a problem list and a coverage table) or JSON.

Two small renderers of the same :class:`AgreementReport`; neither decides
anything, so the text and JSON forms cannot disagree.
"""

from __future__ import annotations

import json

from sphinx_configfile.agreement import NO_POLICY, AgreementReport, CoverageRow, as_ranges
from sphinx_configfile.ranges import format_ranges


def _lines_cell(lines: tuple[int, ...]) -> str:
    return format_ranges(as_ranges(lines)) or "-"


def _coverage_cells(row: CoverageRow) -> tuple[str, str, str, str]:
    if not row.has_policy:
        # Said in the table, not hidden: nothing is judged for this config.
        return (row.config, NO_POLICY, _lines_cell(row.shown), "-")
    return (row.config, _lines_cell(row.relevant), _lines_cell(row.shown), _lines_cell(row.missing))


def render_text(report: AgreementReport) -> str:
    lines = [str(problem) for problem in report.problems]
    lines.append("")
    lines.append("Evidence coverage (lines manifesto rules cite for a pass vs lines quoted):")
    header = ("config", "relevant", "shown", "missing")
    rows = [_coverage_cells(row) for row in report.coverage]
    widths = [max(len(cells[i]) for cells in (header, *rows)) for i in range(len(header) - 1)]
    for cells in (header, *rows):
        padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
        lines.append("  ".join([*padded, cells[-1]]))
    verdict = "agreement: OK" if report.ok else f"agreement: {len(report.problems)} problem(s)"
    unjudged = sum(1 for row in report.coverage if not row.has_policy)
    if unjudged:
        verdict += f" ({unjudged} quoted config(s) with {NO_POLICY})"
    lines.append(verdict)
    return "\n".join(lines)


def render_json(report: AgreementReport) -> str:
    data = {
        "ok": report.ok,
        "problems": [
            {"check": p.check, "location": p.location, "message": p.message}
            for p in report.problems
        ],
        "coverage": [
            {
                "config": row.config,
                "policy": row.has_policy,
                "note": None if row.has_policy else NO_POLICY,
                "relevant": list(row.relevant),
                "shown": list(row.shown),
                "missing": list(row.missing),
            }
            for row in report.coverage
        ],
    }
    return json.dumps(data, indent=2, sort_keys=True)
