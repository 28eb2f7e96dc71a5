"""What a check produces: a verdict per rule per config, and findings.

Frozen dataclasses, separate from the rules that make them and from the
renderers (text, JSON, SARIF) that print them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from tls_manifesto.model import Evidence


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"  # some error finding
    WARN = "warn"  # warning findings only: reported, but no error (exit 0)
    NOT_APPLICABLE = "not-applicable"
    WAIVED = "waived"


@dataclass(frozen=True)
class Finding:
    """Something wrong, at a place: rendered as ``path:line: RULE severity: headline``.

    ``message`` says what is wrong in a few words; ``endpoints`` names what it
    is about ("listener 5222"), several when one cause (a server default)
    shows on several endpoints; ``detail`` is what a reader needs to act on
    it (the fix, the default and its source), shown with ``--verbose``.
    ``endpoint`` is the name of the one endpoint the finding is about, as the
    model names it ("listener 5280", "outgoing s2s"); None when it is about the
    config as a whole or about a line several endpoints share, so a waiver
    scoped to one endpoint cannot excuse it. ``waiver_reason`` is set on a
    finding a waiver excused; it is still shown, but does not count.
    """

    rule: str
    severity: Severity
    path: str
    line: int | None
    message: str
    evidence: tuple[Evidence, ...] = ()
    endpoint: str | None = None
    waiver_reason: str | None = None
    endpoints: tuple[str, ...] = ()
    detail: str = ""
    also_at: tuple[int, ...] = ()  # further lines with the same cause (see one_per_cause)

    @property
    def headline(self) -> str:
        """``listener 5222, listener 5269: message``: one short line."""
        if not self.endpoints:
            return self.message
        return f"{endpoint_list(self.endpoints)}: {self.message}"

    @property
    def text(self) -> str:
        """The headline with its detail: everything a reader needs, in one (long) line."""
        return f"{self.headline} ({self.detail})" if self.detail else self.headline


def one_per_cause(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Findings that say the same thing about several endpoints, merged into one.

    A server default (a cipher list nobody configured) shows on every
    listener that uses it; the reader needs one finding naming them all, at
    the first line, with the others in ``also_at``. Run after waivers: a
    waiver scoped to one endpoint must have seen that endpoint's finding.
    """
    groups: dict[tuple[object, ...], list[Finding]] = {}
    for f in findings:
        key = (f.rule, f.severity, f.path, f.message, f.detail, f.waiver_reason)
        groups.setdefault(key, []).append(f)
    merged = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            merged.append(first)
            continue
        names = tuple(dict.fromkeys(n for f in group for n in f.endpoints))
        lines = tuple(dict.fromkeys(f.line for f in group[1:] if f.line and f.line != first.line))
        merged.append(
            dataclasses.replace(
                first,
                endpoint=first.endpoint if len({f.endpoint for f in group}) == 1 else None,
                endpoints=names,
                evidence=tuple(sorted({e for f in group for e in f.evidence})),
                also_at=lines,
            )
        )
    return tuple(merged)


def endpoint_list(names: Sequence[str], limit: int = 4) -> str:
    """``listener 5222, 5269, outgoing s2s``: a name that differs from the one before only
    in its last word is written as that word."""
    shown = []
    previous = None
    for name in names[:limit]:
        prefix, _, last = name.rpartition(" ")
        shown.append(last if prefix and prefix == previous else name)
        previous = prefix
    more = f" ... and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(shown) + more


def name_list(names: Sequence[str], limit: int = 6) -> str:
    """``a, b, c``; past ``limit`` names, ``a, b, c ... and 12 more``, so a line stays short."""
    if len(names) <= limit + 1:  # "... and 1 more" is no shorter than the name
        return ", ".join(names)
    return f"{', '.join(names[:limit])} ... and {len(names) - limit} more"


@dataclass(frozen=True)
class Verdict:
    """The outcome of one rule on one config.

    A pass cites the lines that prove it; the agreement gate requires the
    guide to show them. A waived verdict keeps the status the rule would
    have given (``waived_status``) and the written reason. A verdict is
    waived only when every one of its findings is excused; a fail may carry
    some excused findings (each with its ``waiver_reason``) beside the ones
    that count.
    """

    rule: str
    path: str
    status: Status
    summary: str
    evidence: tuple[Evidence, ...] = ()
    findings: tuple[Finding, ...] = ()
    waiver_reason: str | None = None
    waived_status: Status | None = None  # what the rule said before the waiver
