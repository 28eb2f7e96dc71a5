"""JSON: findings, verdicts (with waiver fields) and the OpenSSL version that expanded ciphers."""

from __future__ import annotations

import json
from typing import Any

from tls_manifesto.engine.check import CheckRun, ConfigCheck
from tls_manifesto.model import Evidence, JudgedVersion
from tls_manifesto.rules import Rule
from tls_manifesto.verdicts import Finding, Verdict


def _evidence(evidence: tuple[Evidence, ...]) -> list[dict[str, Any]]:
    return [{"path": e.path, "line": e.line, "text": e.text} for e in evidence]


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "path": finding.path,
        "line": finding.line,
        "endpoint": finding.endpoint,
        "endpoints": list(finding.endpoints),
        "message": finding.text,
        "headline": finding.headline,
        "detail": finding.detail,
        "also_at_lines": list(finding.also_at),
        "evidence": _evidence(finding.evidence),
        "waived": finding.waiver_reason is not None,
        "waiver_reason": finding.waiver_reason,
    }


def _verdict(verdict: Verdict) -> dict[str, Any]:
    return {
        "rule": verdict.rule,
        "path": verdict.path,
        "status": verdict.status.value,
        "summary": verdict.summary,
        "evidence": _evidence(verdict.evidence),
        "findings": [_finding(f) for f in verdict.findings],
        "waived_status": verdict.waived_status.value if verdict.waived_status else None,
        "waiver_reason": verdict.waiver_reason,
    }


def judged_version(version: JudgedVersion | None) -> dict[str, Any] | None:
    """Which server version was judged and where it came from (shared with SARIF)."""
    if version is None:
        return None
    return {
        "family": version.family,
        "version": version.version,
        "origin": version.origin.value,  # "option", "path" or "assumed-newest"
        "detail": version.detail,
        "release_series": version.release_series,
    }


def config_entry(check: ConfigCheck) -> dict[str, Any]:
    return {
        "path": check.path,
        "kind": str(check.kind),
        "server": check.server,
        "sources": list(check.sources),
        "version": judged_version(check.judged_version),
    }


def run_as_dict(run: CheckRun) -> dict[str, Any]:
    findings: list[dict[str, Any]] = []
    for check in run.checks:
        for verdict in check.verdicts:
            findings.extend(_finding(f) for f in verdict.findings)
        findings.extend(_finding(f) for f in check.read_findings)
    findings.extend(_finding(f) for f in run.waiver_findings)
    return {
        "openssl": run.openssl,
        "policy": run.policy,
        "configs": [config_entry(c) for c in run.checks],
        "findings": findings,
        "verdicts": [_verdict(v) for c in run.checks for v in c.verdicts],
        "skipped": [{"path": s.path, "reason": s.reason} for s in run.skipped],
        "errors": [
            {"path": e.path, "line": e.line, "message": e.message} for e in run.input_errors
        ],
    }


def render_run(run: CheckRun) -> str:
    return json.dumps(run_as_dict(run), indent=2) + "\n"


def render_rules(rules: tuple[Rule, ...]) -> str:
    return (
        json.dumps(
            [
                {
                    "id": r.id,
                    "summary": r.summary,
                    "severity": r.severity.value,
                    "applies_to": list(r.applies_to),
                    "chapters": list(r.chapters),
                    "documentation": r.documentation,
                    "sources": [{"title": s.title, "url": s.url} for s in r.sources],
                    "help_uri": r.help_uri,
                }
                for r in rules
            ],
            indent=2,
        )
        + "\n"
    )
