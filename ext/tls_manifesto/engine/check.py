"""The engine: run every rule on a config, apply waivers, walk directories.

``check_config`` judges a loaded model; ``check_config_file`` is the
programmatic entry point for the agreement gate (waivers from the nearest
``manifesto.toml`` applied); ``check_paths`` is what ``manifesto check`` runs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tls_manifesto.engine.loader import load_config
from tls_manifesto.engine.read_issues import read_warnings, with_unseen_values
from tls_manifesto.engine.waivers import (
    Waiver,
    WaiverFile,
    apply_waivers,
    find_waiver_file,
    load_waivers,
    stale_waivers,
)
from tls_manifesto.engine.walk import SkippedFile, walk
from tls_manifesto.model import ConfigError, Evidence, JudgedVersion, ServerConfig
from tls_manifesto.rules import ALL_RULES, POLICIES, CheckOptions, Policy, rules_for
from tls_manifesto.servers import registry
from tls_manifesto.servers.versions import VersionOption
from tls_manifesto.tls.ciphers import OPENSSL_VERSION
from tls_manifesto.verdicts import Finding, Severity, Status, Verdict, one_per_cause

KNOWN_RULE_IDS = tuple(rule.id for rule in ALL_RULES)


def no_configs_here() -> str:
    """Why a directory gave nothing to check, naming the files the checker knows."""
    return (
        f"no config files here (none of the files has a known name, {registry.shown_names()}, "
        "or a server config's content; name a file to check it whatever it holds)"
    )


@dataclass(frozen=True)
class ConfigCheck:
    """All verdicts for one config file."""

    path: str
    kind: str  # the config's format: "ejabberd-yaml"
    server: str  # "ejabberd 14.12"
    verdicts: tuple[Verdict, ...]
    # Warnings about reading the config (a key set twice), not about one rule.
    read_findings: tuple[Finding, ...] = ()
    sources: tuple[str, ...] = ()  # the files read: the config, then its includes
    judged_version: JudgedVersion | None = None  # which version, and where it came from
    # Includes looked for and not found: the verdicts change when one appears.
    awaited: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckRun:
    policy: Policy
    openssl: str
    checks: tuple[ConfigCheck, ...]
    waiver_findings: tuple[Finding, ...] = ()  # stale waivers
    input_errors: tuple[ConfigError, ...] = ()  # unreadable or unparsable inputs
    skipped: tuple[SkippedFile, ...] = ()  # files under a named directory left unchecked

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Findings that count: those no waiver excused, and stale waivers.

        A pass may carry a warning about what could not be verified (MF006: a DH
        file that is not there to measure); it counts like any other warning.
        """
        from_verdicts = tuple(
            f
            for c in self.checks
            for v in c.verdicts
            if v.status is not Status.WAIVED
            for f in v.findings
            if f.waiver_reason is None
        )
        from_reading = tuple(f for c in self.checks for f in c.read_findings)
        return from_verdicts + from_reading + self.waiver_findings

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


def check_config(
    config: ServerConfig, policy: Policy = "require-fs", waivers: WaiverFile | None = None
) -> tuple[Verdict, ...]:
    """One verdict per rule, in rule order, with ``waivers`` applied."""
    verdicts, _ = _check_with_waivers(config, policy, waivers)
    return verdicts


def _check_with_waivers(
    config: ServerConfig, policy: Policy, waivers: WaiverFile | None
) -> tuple[tuple[Verdict, ...], tuple[Waiver, ...]]:
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r} (use one of {', '.join(POLICIES)})")
    options = CheckOptions(policy=policy)
    verdicts = with_unseen_values(
        (rule.check(config, options) for rule in rules_for(config.chapter, policy)), config
    )
    waived, used = apply_waivers(verdicts, config, waivers, policy)
    merged = tuple(dataclasses.replace(v, findings=one_per_cause(v.findings)) for v in waived)
    return merged, used


def check_config_file(
    path: str | Path, policy: Policy = "require-fs", kind: str | None = None
) -> tuple[Verdict, ...]:
    """Load and check one file, with the waivers of its nearest manifesto.toml applied.

    Raises ConfigError for unreadable or unparsable input (the config or the waivers).
    """
    return judge_config_file(path, policy, kind)[1]


def judge_config_file(
    path: str | Path,
    policy: Policy = "require-fs",
    kind: str | None = None,
    version: VersionOption | None = None,
) -> tuple[JudgedVersion | None, tuple[Verdict, ...]]:
    """``check_config_file`` as ``version`` (``--server-version``) asks, and the version judged.

    The agreement gate reports the version, so that a config judged as the
    newest release for want of a stated one says so.
    """
    config = load_config(path, kind=kind, version=version)
    waiver_path = find_waiver_file(path)
    waivers = load_waivers(waiver_path, KNOWN_RULE_IDS) if waiver_path else None
    return config.judged_version, check_config(config, policy, waivers)


def pass_evidence(verdicts: Iterable[Verdict]) -> tuple[Evidence, ...]:
    """Every line a passing verdict cites: the lines the guide must show."""
    lines = {e for v in verdicts if v.status is Status.PASS for e in v.evidence}
    return tuple(sorted(lines))


def config_files(paths: Iterable[str | Path]) -> Iterator[str]:
    """Files named on the command line, and the configs a walk recognises under directories."""
    yield from walk(paths).configs


def check_paths(
    paths: Iterable[str | Path],
    policy: Policy = "require-fs",
    kind: str | None = None,
    waivers_file: str | Path | None = None,
    versions: VersionOption | None = None,
    ircd_family: str | None = None,
) -> CheckRun:
    """Check every config under ``paths``; bad input is collected, not raised.

    Waivers come from ``waivers_file`` when given, else from the nearest
    ``manifesto.toml`` of each config. A bad waiver file is raised as
    ConfigError: no verdict can be trusted without it. ``versions`` are the
    ``--server-version`` values; ``ircd_family`` forces Charybdis or Solanum.
    """
    explicit = load_waivers(waivers_file, KNOWN_RULE_IDS) if waivers_file else None
    waiver_files: dict[str, WaiverFile] = {explicit.path: explicit} if explicit else {}
    checks: list[ConfigCheck] = []
    files, skipped, errors = _files_to_check(paths)
    loaded: dict[str, ServerConfig | ConfigError] = {}
    for file in files:
        try:
            loaded[file] = load_config(file, kind=kind, version=versions, ircd_family=ircd_family)
        except ConfigError as error:
            loaded[file] = error
    skipped = _included_elsewhere(loaded, skipped)
    skipped_paths = {s.path for s in skipped}
    used: list[Waiver] = []
    checked: list[Path] = []
    for file, config in loaded.items():
        if file in skipped_paths:
            continue
        if isinstance(config, ConfigError):
            errors.append(config)
            continue
        waivers = explicit or _nearest_waivers(file, waiver_files)
        verdicts, applied = _check_with_waivers(config, policy, waivers)
        used.extend(applied)
        checked.append(Path(file).resolve())
        server = f"{config.profile.family} {config.profile.version or ''}".strip()
        checks.append(
            ConfigCheck(
                config.path,
                config.kind,
                server,
                verdicts,
                read_warnings(config),
                config.sources,
                config.judged_version,
                awaited=tuple(path for issue in config.read_issues for path in issue.absent),
            )
        )
    stale = tuple(f for w in waiver_files.values() for f in stale_waivers(w, checked, used, policy))
    return CheckRun(policy, OPENSSL_VERSION, tuple(checks), stale, tuple(errors), tuple(skipped))


def _files_to_check(
    paths: Iterable[str | Path],
) -> tuple[list[str], list[SkippedFile], list[ConfigError]]:
    """The config files under ``paths``, the files skipped, and an error per path with none."""
    files: list[str] = []
    skipped: list[SkippedFile] = []
    errors: list[ConfigError] = []
    for path in paths:
        found = walk([path])
        if not found.configs:
            errors.append(ConfigError(str(path), None, no_configs_here()))
        files.extend(f for f in found.configs if f not in files)
        skipped.extend(found.skipped)
    return files, skipped, errors


def _included_elsewhere(
    loaded: dict[str, ServerConfig | ConfigError], skipped: list[SkippedFile]
) -> list[SkippedFile]:
    """The skipped files, with those another config includes said so and added.

    A ``ports.yml`` that ``ejabberd.yml`` includes holds only part of a config:
    it is checked as part of that config, not on its own, where it would lack
    what the main file sets.
    """
    includer: dict[Path, str] = {}
    for file, config in loaded.items():
        if isinstance(config, ServerConfig):
            for source in config.sources[1:]:
                includer.setdefault(Path(source).resolve(), file)

    def included(path: str) -> SkippedFile | None:
        by = includer.get(Path(path).resolve())
        return SkippedFile(path, f"included by {by}, checked as part of it") if by else None

    result = [included(s.path) or s for s in skipped]
    result += [
        s for file in loaded if file != includer.get(Path(file).resolve()) and (s := included(file))
    ]
    return result


def _nearest_waivers(file: str, cache: dict[str, WaiverFile]) -> WaiverFile | None:
    found = find_waiver_file(file)
    if found is None:
        return None
    key = str(found)
    if key not in cache:
        cache[key] = load_waivers(_shown(found), KNOWN_RULE_IDS)
    return cache[key]


def _shown(path: Path) -> str:
    """A path relative to the working directory when it is under it (for messages)."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
