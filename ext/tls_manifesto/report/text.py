"""Plain text: one ``path:line: RULE severity: headline`` line per finding, a line per config.

A finding line stays short (about 200 characters): what is wrong and where.
The fix, the defaults and their sources come with ``--verbose`` and with
``manifesto rules MF003``.
"""

from __future__ import annotations

from collections import Counter

from tls_manifesto.check import CheckRun
from tls_manifesto.rules import Rule
from tls_manifesto.verdicts import Finding, Status


def finding_line(finding: Finding, verbose: bool = False) -> str:
    location = f"{finding.path}:{finding.line}" if finding.line else finding.path
    lines = ", ".join(map(str, finding.also_at))
    plural = "s" if len(finding.also_at) > 1 else ""
    also = f" (also line{plural} {lines})" if lines and verbose else ""
    head = f"{location}: {finding.rule}"
    if finding.waiver_reason is None:
        return f"{head} {finding.severity.value}: {finding.headline}{also}"
    reason = f" [waived: {finding.waiver_reason}]" if verbose else ""
    return f"{head} waived {finding.severity.value}: {finding.headline}{also}{reason}"


def _finding_block(finding: Finding, verbose: bool) -> list[str]:
    lines = [finding_line(finding, verbose)]
    if verbose:
        if finding.detail:
            lines.append(f"    {finding.detail}")
        lines.extend(f"    {e.path}:{e.line}: {e.text.strip()}" for e in finding.evidence)
    return lines


def render_run(run: CheckRun, verbose: bool = False) -> str:
    lines = [f"{s.path}: skipped: {s.reason}" for s in run.skipped]
    for check in run.checks:
        for verdict in check.verdicts:
            for finding in verdict.findings:
                lines.extend(_finding_block(finding, verbose))
        for finding in check.read_findings:
            lines.extend(_finding_block(finding, verbose))
    for finding in run.waiver_findings:
        lines.extend(_finding_block(finding, verbose))
    for check in run.checks:
        statuses = ", ".join(f"{v.rule} {v.status.value}" for v in check.verdicts)
        if check.judged_version is not None:
            lines.append(f"{check.path}: judged as {check.judged_version.describe()}")
        lines.append(f"{check.path} ({check.server}): {statuses}")
        if verbose:
            lines.extend(f"    {v.rule} {v.status.value}: {v.summary}" for v in check.verdicts)
    lines.append(_totals(run))
    return "\n".join(lines) + "\n"


def _totals(run: CheckRun) -> str:
    counts = Counter(f.severity.value for f in run.findings)
    waived = sum(v.status is Status.WAIVED for c in run.checks for v in c.verdicts)
    # Findings a scoped waiver excused in a verdict that still fails on others.
    excused = sum(
        f.waiver_reason is not None
        for c in run.checks
        for v in c.verdicts
        if v.status is not Status.WAIVED
        for f in v.findings
    )
    partly = f" (and {excused} waived findings in failing verdicts)" if excused else ""
    notes = f", {counts['note']} notes" if counts["note"] else ""
    skipped = f", {len(run.skipped)} files skipped" if run.skipped else ""
    return (
        f"{len(run.checks)} configs checked{skipped}, policy {run.policy}, ciphers expanded "
        f"with {run.openssl}: {counts['error']} errors, {counts['warning']} warnings{notes}, "
        f"{waived} waived{partly}"
    )


def render_rules(rules: tuple[Rule, ...]) -> str:
    blocks = []
    for rule in rules:
        applies = "\n".join(f"  applies to: {a}" for a in rule.applies_to)
        sources = "\n".join(f"  source: {s.title} <{s.url}>" for s in rule.sources)
        blocks.append(
            f"{rule.id} {rule.severity.value}: {rule.summary}\n{applies}\n"
            f"  {rule.documentation}\n{sources}"
        )
    return "\n\n".join(blocks) + "\n"
