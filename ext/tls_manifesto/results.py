"""What a check produces: a verdict per rule per config, and findings.

Frozen dataclasses, separate from the rules that make them and from the
renderers (text, JSON, SARIF) that print them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tls_manifesto.model import Evidence


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not-applicable"
    WAIVED = "waived"


@dataclass(frozen=True)
class Finding:
    """Something wrong, at a place: rendered as ``path:line: RULE severity: message``.

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
