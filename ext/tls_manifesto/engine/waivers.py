"""Waivers: a written reason to accept one rule's failure for one config or one endpoint.

The policy file is ``manifesto.toml`` beside the configs (found by walking up
from a checked file) or the file given with ``--waivers``::

    [[waiver]]
    path = "IM/ejabberd/2.1.10/ejabberd.cfg"   # relative to this file's directory
    rule = "MF004"
    reason = "ejabberd 2.1.10 has no option to disable SSLv3"
    policy = "require-fs"                       # optional: only under this policy
    endpoint = "listener 5280"                  # optional: only findings about it

Without ``endpoint`` a waiver excuses the rule for the whole config (for what
the version cannot express at all). With it, only the findings about that
endpoint (``Finding.endpoint``, the name the checker prints) are excused; the
verdict is waived only when every finding is, so a new problem elsewhere in
the config still fails. A waived finding is never hidden: it keeps its
severity and shows the reason in every report. A waiver that excuses nothing
is itself an error, so waivers cannot outlive the problem they excuse, and an
``endpoint`` the config does not have is refused with the names it has.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tls_manifesto.model import ConfigError, ServerConfig
from tls_manifesto.rules.policies import POLICIES
from tls_manifesto.verdicts import Finding, Severity, Status, Verdict

WAIVER_FILE_NAME = "manifesto.toml"
STALE_WAIVER_RULE = "stale-waiver"
_WAIVER_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*waiver[ \t]*\]\]", re.M)
_TOML_LINE = re.compile(r"at line (\d+)")
_KEYS = ("path", "rule", "reason")
_OPTIONAL_KEYS = ("policy", "endpoint")


@dataclass(frozen=True)
class Waiver:
    declared_path: str  # as written in the toml
    target: Path  # resolved config path
    rule: str
    reason: str
    source: str  # the toml file
    line: int  # the [[waiver]] header line
    policy: str | None = None  # applies under this policy only; None: under every policy
    endpoint: str | None = None  # excuses findings about this endpoint only; None: all


@dataclass(frozen=True)
class WaiverFile:
    path: str
    waivers: tuple[Waiver, ...]


def find_waiver_file(config_path: str | Path) -> Path | None:
    """The nearest ``manifesto.toml`` in the config's directory or above."""
    for directory in Path(config_path).resolve().parents:
        candidate = directory / WAIVER_FILE_NAME
        if candidate.is_file():
            return candidate
    return None


def load_waivers(path: str | Path, known_rules: Iterable[str]) -> WaiverFile:
    """Read and validate a waiver file; ConfigError (path:line) for anything wrong."""
    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(shown, None, f"cannot read the waiver file ({error})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        line = int(found.group(1)) if found else None
        raise ConfigError(shown, line, f"not valid TOML: {error}") from None
    unknown = sorted(set(data) - {"waiver"})
    if unknown:
        raise ConfigError(shown, None, f"unknown table {unknown[0]!r} (only [[waiver]] entries)")
    entries = data.get("waiver", [])
    if not isinstance(entries, list):
        raise ConfigError(shown, None, "'waiver' must be an array of tables ([[waiver]])")
    header_lines = [text.count("\n", 0, m.start()) + 1 for m in _WAIVER_HEADER.finditer(text)]
    rules = set(known_rules)
    waivers = tuple(
        _waiver(entry, shown, header_lines[i] if i < len(header_lines) else 1, rules)
        for i, entry in enumerate(entries)
    )
    return WaiverFile(shown, waivers)


def _waiver(entry: object, source: str, line: int, known_rules: set[str]) -> Waiver:
    if not isinstance(entry, dict):
        raise ConfigError(source, line, "a waiver must be a table with path, rule and reason")
    for key in _KEYS:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ConfigError(source, line, f"waiver needs a non-empty string {key!r}")
    extra = sorted(set(entry) - set(_KEYS) - set(_OPTIONAL_KEYS))
    if extra:
        raise ConfigError(
            source, line, f"unknown waiver key {extra[0]!r} (path, rule, reason, policy, endpoint)"
        )
    endpoint = entry.get("endpoint")
    if endpoint is not None and (not isinstance(endpoint, str) or not endpoint.strip()):
        raise ConfigError(
            source,
            line,
            "'endpoint' must be a non-empty string (an endpoint name the check prints)",
        )
    policy = entry.get("policy")
    if policy is not None and policy not in POLICIES:
        raise ConfigError(source, line, f"unknown policy {policy!r} (one of {', '.join(POLICIES)})")
    if entry["rule"] not in known_rules:
        known = ", ".join(sorted(known_rules))
        raise ConfigError(source, line, f"unknown rule {entry['rule']!r} (one of {known})")
    target = (Path(source).resolve().parent / entry["path"]).resolve()
    reason = entry["reason"].strip()
    return Waiver(entry["path"], target, entry["rule"], reason, source, line, policy, endpoint)


def apply_waivers(
    verdicts: Iterable[Verdict], config: ServerConfig, waivers: WaiverFile | None, policy: str
) -> tuple[tuple[Verdict, ...], tuple[Waiver, ...]]:
    """Excuse the findings waivers cover; return the verdicts and the waivers that excused some.

    Raises ConfigError (at the waiver's toml line) for an ``endpoint`` this
    config does not have, whatever the policy: a misspelt scope must not
    pass as stale or silently excuse nothing.
    """
    if waivers is None:
        return tuple(verdicts), ()
    target = Path(config.path).resolve()
    for_config = [w for w in waivers.waivers if w.target == target]
    _refuse_unknown_endpoints(for_config, config)
    in_force = [w for w in for_config if w.policy in (None, policy)]
    result, used = [], []
    for verdict in verdicts:
        applicable = [w for w in in_force if w.rule == verdict.rule]
        if verdict.status in (Status.FAIL, Status.WARN) and applicable:
            verdict, excusing = _excuse(verdict, applicable)
            used.extend(excusing)
        result.append(verdict)
    return tuple(result), tuple(used)


def _refuse_unknown_endpoints(waivers: Iterable[Waiver], config: ServerConfig) -> None:
    names = list(dict.fromkeys(e.name for e in config.endpoints))
    for waiver in waivers:
        if waiver.endpoint is not None and waiver.endpoint not in names:
            known = ", ".join(repr(n) for n in names) or "none"
            raise ConfigError(
                waiver.source,
                waiver.line,
                f"waiver endpoint {waiver.endpoint!r} is not an endpoint of "
                f"{waiver.declared_path} (its endpoints: {known})",
            )


def _excuse(verdict: Verdict, waivers: list[Waiver]) -> tuple[Verdict, list[Waiver]]:
    """Scoped waivers excuse findings about their endpoint; an unscoped one, all the rest.

    Scoped waivers go first so that an unscoped waiver beside them counts as
    used only if something is left for it to excuse.
    """
    scoped = {w.endpoint: w for w in waivers if w.endpoint is not None}
    whole = next((w for w in waivers if w.endpoint is None), None)
    findings, excusing = [], []
    for finding in verdict.findings:
        waiver = scoped.get(finding.endpoint) if finding.endpoint is not None else None
        waiver = waiver or whole
        counts = finding.severity is not Severity.NOTE  # a note needs no excuse
        if waiver is not None and finding.waiver_reason is None and counts:
            finding = dataclasses.replace(finding, waiver_reason=waiver.reason)
            excusing.append(waiver)
        findings.append(finding)
    if whole is not None and not findings:
        excusing.append(whole)  # a fail with no finding to point at: only a whole waiver covers it
    used = list(dict.fromkeys(excusing))
    if not used:
        return verdict, []
    left = [f for f in findings if f.waiver_reason is None and f.severity is not Severity.NOTE]
    if left:
        # What is not excused decides: errors fail, warnings alone warn.
        errors = any(f.severity is Severity.ERROR for f in left)
        status = Status.FAIL if errors else Status.WARN
        return dataclasses.replace(verdict, findings=tuple(findings), status=status), used
    waived = dataclasses.replace(
        verdict,
        findings=tuple(findings),
        status=Status.WAIVED,
        waived_status=verdict.status,
        waiver_reason=" ".join(dict.fromkeys(w.reason for w in used)),
    )
    return waived, used


def stale_waivers(
    waiver_file: WaiverFile, checked: Iterable[Path], used: Iterable[Waiver], policy: str
) -> tuple[Finding, ...]:
    """Errors for waivers that excused nothing in this run.

    A waiver for a config that was checked but did not fail that rule is
    stale, and so is one for a file that no longer exists. A waiver for an
    existing config this run did not check, or for another policy, is not judged.
    """
    checked_paths, used_set = set(checked), set(used)
    findings = []
    for waiver in waiver_file.waivers:
        if waiver in used_set or waiver.policy not in (None, policy):
            continue
        if waiver.target in checked_paths:
            why = (
                f"{waiver.rule} does not fail for {waiver.declared_path}"
                if waiver.endpoint is None
                else f"{waiver.rule} has no failing finding about {waiver.endpoint!r} "
                f"in {waiver.declared_path}"
            )
        elif not waiver.target.exists():
            why = f"{waiver.declared_path} does not exist"
        else:
            continue
        findings.append(
            Finding(
                STALE_WAIVER_RULE,
                Severity.ERROR,
                waiver.source,
                waiver.line,
                f"stale waiver: {why} (remove the waiver)",
            )
        )
    return tuple(findings)
