"""SARIF 2.1.0 (OASIS standard, schema in tests/schemas/sarif-2.1.0.json).

Rules go to ``tool.driver.rules``; each finding is a result with a
physical location (uri relative to the working directory, region startLine);
a waived finding carries a ``suppressions`` entry of kind ``external`` with
the waiver's reason as justification, so viewers show it as suppressed,
never drop it. Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tls_manifesto.engine.check import CheckRun
from tls_manifesto.engine.read_issues import READ_RULE
from tls_manifesto.engine.waivers import STALE_WAIVER_RULE
from tls_manifesto.report.json_report import config_entry
from tls_manifesto.rules import ALL_RULES, Rule
from tls_manifesto.verdicts import Finding, Severity

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/stpeter/manifesto"
# SARIF result levels (§3.27.10) match our severities one to one.
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}


def _tool_version() -> str:
    try:
        return version("hardening-guide-tools")
    except PackageNotFoundError:
        return "0"


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.documentation},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"appliesTo": list(rule.applies_to), "chapters": list(rule.chapters)},
    }


STALE_WAIVER_DESCRIPTOR = {
    "id": STALE_WAIVER_RULE,
    "shortDescription": {"text": "A waiver in manifesto.toml excuses nothing"},
    "fullDescription": {
        "text": "A waiver names a config and rule that no longer fail, or a file that is gone."
    },
    "defaultConfiguration": {"level": "error"},
}

READ_DESCRIPTOR = {
    "id": READ_RULE,
    "shortDescription": {"text": "How the config was read"},
    "fullDescription": {
        "text": "A key set twice, of which the server keeps the last value, and other "
        "things worth knowing about reading the config and the files it includes."
    },
    "defaultConfiguration": {"level": "warning"},
}


def artifact_uri(path: str) -> str:
    """A relative URI reference for relative paths (SARIF §3.4.3), file: URI otherwise."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_uri()
    return quote(candidate.as_posix())


def _result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    region = {"startLine": finding.line} if finding.line else None
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(finding.path)}}
    if region:
        physical["region"] = region
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.text},
        "locations": [{"physicalLocation": physical}],
    }
    properties: dict[str, Any] = {}
    if finding.endpoint is not None:
        properties["endpoint"] = finding.endpoint
    if finding.endpoints:
        properties["endpoints"] = list(finding.endpoints)
    if finding.also_at:
        properties["alsoAtLines"] = list(finding.also_at)
    if properties:
        result["properties"] = properties
    if finding.waiver_reason is not None:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": finding.waiver_reason}
        ]
    return result


def run_as_sarif(run: CheckRun) -> dict[str, Any]:
    descriptors = [_rule_descriptor(r) for r in ALL_RULES]
    descriptors += [STALE_WAIVER_DESCRIPTOR, READ_DESCRIPTOR]
    rule_index = {d["id"]: i for i, d in enumerate(descriptors)}
    results: list[dict[str, Any]] = []
    for check in run.checks:
        for verdict in check.verdicts:
            results.extend(_result(f, rule_index) for f in verdict.findings)
        results.extend(_result(f, rule_index) for f in check.read_findings)
    results.extend(_result(f, rule_index) for f in run.waiver_findings)
    notifications = [
        {
            "level": "error",
            "message": {"text": str(error)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(error.path)},
                        **({"region": {"startLine": error.line}} if error.line else {}),
                    }
                }
            ],
        }
        for error in run.input_errors
    ]
    # Files a directory walk did not check, each with why (SARIF §3.58 notifications).
    notifications += [
        {
            "level": "note",
            "descriptor": {"id": "skipped"},
            "message": {"text": f"skipped: {skipped.reason}"},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(skipped.path)}}}
            ],
        }
        for skipped in run.skipped
    ]
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "manifesto",
                        "version": _tool_version(),
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not run.input_errors,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
                "properties": {
                    "openssl": run.openssl,
                    "policy": run.policy,
                    # Which server version each config was judged as, and why.
                    "configs": [config_entry(check) for check in run.checks],
                    # Every rule's verdict per config (pass, fail, warn, ...): results
                    # hold only findings, so a verdict without findings shows here.
                    "verdicts": [
                        {"path": c.path, "rule": v.rule, "status": v.status.value}
                        for c in run.checks
                        for v in c.verdicts
                    ],
                },
            }
        ],
    }


def render_run(run: CheckRun) -> str:
    return json.dumps(run_as_sarif(run), indent=2) + "\n"
