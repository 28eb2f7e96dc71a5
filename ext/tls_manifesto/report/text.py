"""Plain text: a ``path:line: RULE severity: message`` line per finding, a summary per config."""

from __future__ import annotations

from collections import Counter

from tls_manifesto.check import CheckRun
from tls_manifesto.results import Finding, Status
from tls_manifesto.rules import Rule


def finding_line(finding: Finding) -> str:
    location = f"{finding.path}:{finding.line}" if finding.line else finding.path
    waiver_reason = finding.waiver_reason
    if waiver_reason is None:
        return f"{location}: {finding.rule} {finding.severity.value}: {finding.message}"
    return (
        f"{location}: {finding.rule} waived {finding.severity.value}: {finding.message} "
        f"[waived: {waiver_reason}]"
    )


def render_run(run: CheckRun) -> str:
    lines = []
    for check in run.checks:
        for verdict in check.verdicts:
            lines.extend(finding_line(f) for f in verdict.findings)
        lines.extend(finding_line(f) for f in check.read_findings)
    lines.extend(finding_line(f) for f in run.waiver_findings)
    for check in run.checks:
        statuses = ", ".join(f"{v.rule} {v.status.value}" for v in check.verdicts)
        if check.judged_version is not None:
            lines.append(f"{check.path}: judged as {check.judged_version.describe()}")
        lines.append(f"{check.path} ({check.server}): {statuses}")
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
    lines.append(
        f"{len(run.checks)} configs checked, policy {run.policy}, ciphers expanded with "
        f"{run.openssl}: {counts['error']} errors, {counts['warning']} warnings, "
        f"{waived} waived{partly}"
    )
    return "\n".join(lines) + "\n"


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
