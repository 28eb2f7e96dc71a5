"""What each ``configfile`` subcommand does; ``cli.py`` only parses arguments and calls these.

Every function returns the exit status (``ExitCode``): 0 all good, 1
something to fix, 2 bad input. Bad input raises ``ProjectError``, ``RewriteError`` or
``LockError``, which ``cli.main`` turns into one located line.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sphinx_configfile.cli.exit_codes import ExitCode
from sphinx_configfile.cli.rewrite import replace_directive_lines_option, replace_legacy_ranges
from sphinx_configfile.excerpt.ranges import fold_lines, format_ranges
from sphinx_configfile.gate.agreement import (
    Project,
    ProjectError,
    check_agreement,
    load_project,
    server_versions_problem,
)
from sphinx_configfile.gate.report import counted, render_json, render_text
from sphinx_configfile.legacy.migrate.pages import migrate_file
from sphinx_configfile.lock.emphasis import moved_emphasis
from sphinx_configfile.lock.model import (
    Drift,
    LockEntry,
    LockError,
    compare_with_lock,
    entry_for,
    load_lock,
    stale_message,
    unlocked_message,
    with_ranges,
    write_lock,
)
from sphinx_configfile.source_files import (
    RewriteError,
    ensure_writable,
    read_source_text,
    unified_text_diff,
    write_text_atomically,
)


def _build_warnings_to_stderr(project: Project) -> None:
    for warning in project.build_warnings:
        print(warning, file=sys.stderr)


def _earlier_entries(project: Project, current: set[str]) -> list[LockEntry]:
    """Entries of the existing lock that no quote made now has (an unreadable lock: none)."""
    if not project.lock_path.exists():
        return []
    try:
        earlier = load_lock(project.lock_path)
    except LockError:
        return []
    return [entry for key, entry in earlier.items() if key not in current]


def _print_json(data: Mapping[str, Any]) -> None:
    print(json.dumps(data, indent=2, sort_keys=True))


def run_lock(source: Path, output_format: str = "text") -> ExitCode:
    project = load_project(source)
    quotes = project.current()
    entries = {entry.key: entry for entry in map(entry_for, quotes)}
    # A quote that cannot be made now (its config missing for a moment) keeps
    # its approved text: dropped, the next verify could only call it unlocked
    # and never show what changed. A lock without failures drops them.
    kept = _earlier_entries(project, set(entries)) if project.build_warnings else []
    entries.update((entry.key, entry) for entry in kept)
    write_lock(project.lock_path, (entries[key] for key in sorted(entries)))
    status = ExitCode.PROBLEMS if project.build_warnings else ExitCode.OK
    if output_format == "json":
        _print_json(
            {
                "ok": status == ExitCode.OK,
                "lock": str(project.lock_path),
                "locked": len(quotes),
                "kept": [entry.key for entry in kept],
                "build_warnings": list(project.build_warnings),
            }
        )
        return status
    print(f"{project.lock_path}: locked {counted(len(quotes), 'quote')}")
    if project.build_warnings:
        _build_warnings_to_stderr(project)
        print("some quotes could not be made and are not locked; fix them and lock again")
        if kept:
            print(
                f"kept the {counted(len(kept), 'earlier entry', 'earlier entries')} "
                "the quotes made now do not have"
            )
    return status


def _location(drift: Drift) -> str:
    record = drift.quote.record
    return f"{record.source}:{record.lineno}"


def _fix_drifts(project: Project, drifts: Sequence[Drift]) -> list[Drift]:
    """Rewrite the ranges of every relocatable quote; return the drifts fixed."""
    fixable = [
        d
        for d in drifts
        if d.relocation.ranges is not None and not (d.ranges_edited or d.emphasis_edited)
    ]
    by_source: dict[Path, list[Drift]] = {}
    for drift in fixable:
        by_source.setdefault(Path(drift.quote.record.source), []).append(drift)
    if not fixable:
        return []
    # Everything is read, rewritten in memory and checked writable before
    # the first write: a read-only lock found after the pages were rewritten
    # left pages and lock disagreeing, and running again could not tell.
    new_texts: dict[Path, str] = {}
    for source, source_drifts in sorted(by_source.items()):
        text = read_source_text(source)
        for drift in source_drifts:
            text = _rewrite_ranges(text, drift, str(source))
        new_texts[source] = text
    lock = load_lock(project.lock_path)
    for drift in fixable:
        lock[drift.entry.key] = with_ranges(drift.entry, drift.relocation.ranges or ())
    for path in (*new_texts, project.lock_path):
        ensure_writable(path)
    for source, text in new_texts.items():
        write_text_atomically(source, text)
    write_lock(project.lock_path, (lock[key] for key in sorted(lock)))
    return fixable


def _rewrite_ranges(text: str, drift: Drift, name: str) -> str:
    record = drift.quote.record
    ranges = drift.relocation.ranges or ()
    if record.origin == "legacy":
        # The old macro's own spelling, N-N for single lines, as the page used.
        legacy = ",".join(f"{r.start}-{r.end}" for r in ranges)
        return replace_legacy_ranges(text, record.lineno, legacy, name)
    text = replace_directive_lines_option(text, record.lineno, format_ranges(ranges), name)
    if drift.quote.emphasized:
        # The emphasized lines count in the config's numbering too: left
        # behind, the page would highlight whatever moved into their place.
        emphasized = moved_emphasis(drift.quote.emphasized, drift.quote.ranges, ranges)
        text = replace_directive_lines_option(
            text, record.lineno, format_ranges(fold_lines(emphasized)), name, "emphasize-lines"
        )
    return text


def run_verify(source: Path, fix: bool, output_format: str = "text") -> ExitCode:
    project = load_project(source)
    if not project.lock_path.exists():
        message = f"{project.lock_path}: no lock file (run `configfile lock`)"
        if output_format == "json":
            _print_json({"ok": False, "lock": str(project.lock_path), "problems": [message]})
        else:
            print(message, file=sys.stderr)
        return ExitCode.PROBLEMS
    lock = load_lock(project.lock_path)  # a broken lock is bad input: exit 2 from main()
    comparison = compare_with_lock(project.current(), lock)
    fixed: list[Drift] = _fix_drifts(project, comparison.drifts) if fix else []
    remaining = [d for d in comparison.drifts if d not in fixed]
    fixed_lines = [
        f"{_location(drift)}: fixed: {drift.quote.record.config_relpath} lines "
        f"{format_ranges(drift.entry.ranges)} -> {format_ranges(drift.relocation.ranges or ())}"
        for drift in fixed
    ]
    problems = [f"{_location(drift)}: {drift.describe()}" for drift in remaining]
    problems += [
        f"{quote.record.source}:{quote.record.lineno}: {unlocked_message(quote)}"
        for quote in comparison.unlocked
    ]
    problems += [f"{project.lock_path}: {stale_message(entry)}" for entry in comparison.stale]
    ok = not problems and not project.build_warnings
    matched = len(project.current())
    if output_format == "json":
        _print_json(
            {
                "ok": ok,
                "lock": str(project.lock_path),
                "quotes": matched,
                "fixed": fixed_lines,
                "problems": problems,
                "build_warnings": list(project.build_warnings),
            }
        )
        return ExitCode.OK if ok else ExitCode.PROBLEMS
    for line in fixed_lines + problems:
        print(line)
    _build_warnings_to_stderr(project)
    if not ok:
        return ExitCode.PROBLEMS
    if not fixed:
        verb = "matches" if matched == 1 else "match"
        print(f"{project.lock_path}: {counted(matched, 'quote')} {verb} the lock")
    return ExitCode.OK


def run_check(
    source: Path, output_format: str, overrides: Mapping[str, Any] | None = None
) -> ExitCode:
    """``overrides``: the command line's GateOptions fields, over conf.py's settings."""
    project = load_project(source)
    options = dataclasses.replace(project.gate_options, **(overrides or {}))
    problem = server_versions_problem(project, options.command_line_versions)
    if problem:
        raise ProjectError(problem)
    report = check_agreement(project, options)
    print(render_json(report) if output_format == "json" else render_text(report))
    return ExitCode.OK if report.ok else ExitCode.PROBLEMS


def _migrate_one(path: Path, check: bool, diff: bool) -> ExitCode:
    migration = migrate_file(path)
    if migration.problems:
        for problem in migration.problems:
            print(problem, file=sys.stderr)
        print(f"{path}: left unchanged", file=sys.stderr)
        return ExitCode.BAD_INPUT
    if not migration.changed:
        return ExitCode.OK
    # What the directives cannot carry over (listings options): said, not silently lost.
    for note in migration.notes:
        print(note, file=sys.stderr)
    if diff:
        print(unified_text_diff(migration.old_text, migration.new_text, str(path)), end="")
    if check:
        print(f"{path}: would be migrated")
        return ExitCode.PROBLEMS
    if not diff:
        write_text_atomically(path, migration.new_text)
        print(f"{path}: migrated")
    return ExitCode.OK


def run_migrate(files: Sequence[Path], check: bool, diff: bool) -> ExitCode:
    """Each file on its own: one bad page does not stop the others."""
    status = ExitCode.OK
    for path in files:
        try:
            status = max(status, _migrate_one(path, check, diff))
        except RewriteError as exc:
            print(f"configfile: {exc}", file=sys.stderr)
            status = ExitCode.BAD_INPUT
    return status
