"""What the loader could not see, turned into findings.

"Never pass what you cannot see": an include that is not there, or a macro
no file defines, may hide any TLS setting, so every verdict of that config
gets an error finding naming it and cannot pass. Other read issues (a key
set twice, of which the server keeps the last) are warnings about the
config as a whole, reported once at their line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from tls_manifesto.model import ServerConfig
from tls_manifesto.verdicts import Finding, Severity, Status, Verdict

READ_RULE = "config"  # the rule id of findings about reading the config, not about TLS


def with_unseen_values(verdicts: Iterable[Verdict], config: ServerConfig) -> tuple[Verdict, ...]:
    """Each verdict failed by every blocking read issue of ``config``."""
    blocking = [issue for issue in config.read_issues if issue.blocks_pass]
    if not blocking:
        return tuple(verdicts)
    judged = []
    for verdict in verdicts:
        findings = tuple(
            Finding(
                verdict.rule,
                Severity.ERROR,
                issue.evidence.path,
                issue.evidence.line,
                issue.message,
                (issue.evidence,),
            )
            for issue in blocking
        )
        judged.append(
            dataclasses.replace(
                verdict,
                status=Status.FAIL,
                summary=f"{verdict.summary}; cannot pass: part of the config is unseen",
                findings=verdict.findings + findings,
            )
        )
    return tuple(judged)


def read_warnings(config: ServerConfig) -> tuple[Finding, ...]:
    """The read issues that do not block a pass, as warnings at their line."""
    return tuple(
        Finding(
            READ_RULE,
            Severity.WARNING,
            issue.evidence.path,
            issue.evidence.line,
            issue.message,
            (issue.evidence,),
        )
        for issue in dict.fromkeys(config.read_issues)  # the same warning once, however found
        if not issue.blocks_pass
    )
