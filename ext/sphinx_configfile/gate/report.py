"""The agreement gate's report as text (a problem list and a coverage table) or JSON.

Two small renderers of the same :class:`AgreementReport`; neither decides
anything, so the text and JSON forms cannot disagree.
"""

from __future__ import annotations

import json

from sphinx_configfile.excerpt.ranges import fold_lines, format_ranges
from sphinx_configfile.gate.agreement import (
    AgreementReport,
    CoverageRow,
    assumed_version_notes,
)


def _lines_cell(lines: tuple[int, ...]) -> str:
    return format_ranges(fold_lines(lines)) or "-"


def _coverage_cells(row: CoverageRow) -> tuple[str, str, str, str]:
    if row.note:
        # Said in the table, not hidden: nothing is judged for this config.
        return (row.config, row.note, _lines_cell(row.shown), "-")
    return (row.config, _lines_cell(row.relevant), _lines_cell(row.shown), _lines_cell(row.missing))


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``1 problem``, ``2 problems``: the number with the noun it agrees with."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _heading(report: AgreementReport) -> str:
    options = report.options
    if not options.judges:
        return "Quoted configs (configfile_check_policy is none: no config is judged):"
    required = "" if options.coverage else "; not required, configfile_check_coverage is False"
    return (
        f"Evidence coverage (lines manifesto rules cite for a pass with policy {options.policy} "
        f"vs lines quoted{required}):"
    )


def render_text(report: AgreementReport) -> str:
    lines = [str(problem) for problem in report.problems]
    lines.append("")
    lines.append(_heading(report))
    header = ("config", "relevant", "shown", "missing")
    rows = [_coverage_cells(row) for row in report.coverage]
    widths = [max(len(cells[i]) for cells in (header, *rows)) for i in range(len(header) - 1)]
    for cells in (header, *rows):
        padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
        lines.append("  ".join([*padded, cells[-1]]))
    notes = assumed_version_notes(report.coverage)
    if notes:
        lines.append("")
        lines.extend(notes)
    problems = counted(len(report.problems), "problem")
    verdict = "agreement: OK" if report.ok else f"agreement: {problems}"
    unjudged = sum(1 for row in report.coverage if not row.has_policy)
    if unjudged:
        verdict += f" ({counted(unjudged, 'quoted config')} not judged)"
    lines.append(verdict)
    return "\n".join(lines)


def render_json(report: AgreementReport) -> str:
    data = {
        "ok": report.ok,
        "policy": report.options.policy,
        "coverage_required": report.options.coverage,
        "problems": [
            {"check": p.check, "location": p.location, "message": p.message}
            for p in report.problems
        ],
        "coverage": [
            {
                "config": row.config,
                "policy": row.has_policy,
                "note": row.note,
                "judged_as": (
                    f"{row.judged_version.family} {row.judged_version.version}"
                    if row.judged_version
                    else None
                ),
                "version_origin": row.judged_version.origin if row.judged_version else None,
                "relevant": list(row.relevant),
                "shown": list(row.shown),
                "missing": list(row.missing),
            }
            for row in report.coverage
        ],
        "notes": assumed_version_notes(report.coverage),
    }
    return json.dumps(data, indent=2, sort_keys=True)
