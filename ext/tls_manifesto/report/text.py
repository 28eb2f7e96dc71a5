"""Plain text: one ``path:line: RULE severity: headline`` line per finding, a line per config.

A finding line stays short (about 200 characters): what is wrong and where.
The fix, the defaults and their sources come with ``--verbose`` and with
``manifesto rules MF003``.
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections import Counter
from collections.abc import Iterable

from tls_manifesto.engine.check import CheckRun
from tls_manifesto.rules import ALL_RULES, Rule
from tls_manifesto.verdicts import Finding, Status, Verdict


def finding_line(finding: Finding, verbose: bool = False, rules: str | None = None) -> str:
    """The finding's line; ``rules`` names several rules when one finding fails them all."""
    location = f"{finding.path}:{finding.line}" if finding.line else finding.path
    lines = ", ".join(map(str, finding.also_at))
    plural = "s" if len(finding.also_at) > 1 else ""
    also = f" (also line{plural} {lines})" if lines and verbose else ""
    head = f"{location}: {rules or finding.rule}"
    if finding.waiver_reason is None:
        return f"{head} {finding.severity.value}: {finding.headline}{also}"
    reason = f" [waived: {finding.waiver_reason}]" if verbose else ""
    return f"{head} waived {finding.severity.value}: {finding.headline}{also}{reason}"


def _finding_block(finding: Finding, verbose: bool, rules: str | None = None) -> list[str]:
    lines = [finding_line(finding, verbose, rules)]
    if verbose:
        if finding.detail:
            # Wrapped for a terminal; break_on_hyphens=False keeps suite names whole.
            lines.extend(
                textwrap.wrap(
                    finding.detail,
                    width=100,
                    initial_indent="    ",
                    subsequent_indent="    ",
                    break_on_hyphens=False,
                    break_long_words=False,
                )
            )
        lines.extend(f"    {e.path}:{e.line}: {e.text.strip()}" for e in finding.evidence)
    return lines


def render_run(run: CheckRun, verbose: bool = False) -> str:
    lines = [f"{s.path}: skipped: {s.reason}" for s in run.skipped]
    for check in run.checks:
        for finding, rules in _same_finding_of_several_rules(check.verdicts):
            lines.extend(_finding_block(finding, verbose, rules))
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


def _same_finding_of_several_rules(verdicts: Iterable[Verdict]) -> list[tuple[Finding, str]]:
    """Each finding once, with the rules it appears in ("MF001-MF009" when it fails them all).

    An include that is not there fails every verdict with the same finding;
    a reader needs it once.
    """
    groups: dict[Finding, list[str]] = {}
    for verdict in verdicts:
        for finding in verdict.findings:
            groups.setdefault(dataclasses.replace(finding, rule=""), []).append(finding.rule)
    return [
        (dataclasses.replace(finding, rule=rules[0]), _rule_list(rules))
        for finding, rules in groups.items()
    ]


def _rule_list(rules: list[str]) -> str:
    every = [rule.id for rule in ALL_RULES]
    if (
        len(rules) > 2
        and rules == every[every.index(rules[0]) : every.index(rules[0]) + len(rules)]
    ):
        return f"{rules[0]}-{rules[-1]}"  # consecutive rules
    return ",".join(rules)


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
    partly = f" (and {_counted(excused, 'waived finding')} in failing verdicts)" if excused else ""
    notes = f", {_counted(counts['note'], 'note')}" if counts["note"] else ""
    skipped = f", {_counted(len(run.skipped), 'file')} skipped" if run.skipped else ""
    return (
        f"{_counted(len(run.checks), 'config')} checked{skipped}, policy {run.policy}, ciphers "
        f"expanded with {run.openssl}: {_counted(counts['error'], 'error')}, "
        f"{_counted(counts['warning'], 'warning')}{notes}, {waived} waived{partly}"
    )


def _counted(count: int, noun: str) -> str:
    """``1 error``, ``2 errors``: the number with the noun it agrees with."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def render_rules(rules: tuple[Rule, ...]) -> str:
    blocks = []
    for rule in rules:
        applies = "\n".join(f"  applies to: {a}" for a in rule.applies_to)
        sources = "\n".join(f"  source: {s.title} <{s.url}>" for s in rule.sources)
        blocks.append(
            f"{rule.id} {rule.severity.value}: {rule.summary}\n  judges: {rule.judges}\n"
            f"{applies}\n"
            f"  {rule.documentation}\n{sources}"
        )
    return "\n\n".join(blocks) + "\n"
