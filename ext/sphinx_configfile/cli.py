"""``configfile``: keep the guide's quotes and the reference configs in agreement.

Subcommands::

    configfile [--source DIR] lock              record what every quote shows
    configfile [--source DIR] verify [--fix]    report quotes that changed since the lock
    configfile [--source DIR] check [--format text|json]   the whole agreement gate
    configfile migrate [--check] [--diff] FILE.rst...      raw-LaTeX quotes -> directives

Exit status: 0 all good, 1 something to fix, 2 bad input (broken conf.py,
unreadable lock, a page that cannot be migrated).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sphinx_configfile.agreement import (
    AgreementReport,
    Project,
    ProjectError,
    as_ranges,
    check_agreement,
    load_project,
)
from sphinx_configfile.lock import (
    Drift,
    LockError,
    compare_with_lock,
    entry_for,
    load_lock,
    with_ranges,
    write_lock,
)
from sphinx_configfile.migrate import migrate_file
from sphinx_configfile.ranges import format_ranges
from sphinx_configfile.rewrite import (
    RewriteError,
    read_source_text,
    replace_directive_lines_option,
    replace_legacy_ranges,
    unified_text_diff,
    write_text_atomically,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="configfile", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, default=Path("source"), help="Sphinx source dir (default: source)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("lock", help="record the text every quote shows")
    verify = commands.add_parser("verify", help="report quotes whose text changed since the lock")
    verify.add_argument("--fix", action="store_true", help="rewrite :lines: of moved quotes")
    check = commands.add_parser("check", help="run the whole agreement gate")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--policy", default="require-fs", help="manifesto policy")
    migrate = commands.add_parser("migrate", help="turn raw-LaTeX quotes into directives")
    migrate.add_argument("files", nargs="+", type=Path, metavar="FILE.rst")
    mode = migrate.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 if a file would change")
    mode.add_argument("--diff", action="store_true", help="print the changes, write nothing")
    return parser


def _build_warnings_to_stderr(project: Project) -> None:
    for warning in project.build_warnings:
        print(warning, file=sys.stderr)


def run_lock(source: Path) -> int:
    project = load_project(source)
    quotes = project.current()
    write_lock(project.lock_path, (entry_for(quote) for quote in quotes))
    print(f"{project.lock_path}: locked {len(quotes)} quote(s)")
    if project.build_warnings:
        _build_warnings_to_stderr(project)
        print("some quotes could not be made and are not locked; fix them and lock again")
        return EXIT_PROBLEMS
    return EXIT_OK


def _location(drift: Drift) -> str:
    record = drift.quote.record
    return f"{record.source}:{record.lineno}"


def _fix_drifts(project: Project, drifts: Sequence[Drift]) -> list[Drift]:
    """Rewrite the ranges of every relocatable quote; return the drifts fixed."""
    fixable = [d for d in drifts if d.relocation.ranges is not None and not d.ranges_edited]
    by_source: dict[Path, list[Drift]] = {}
    for drift in fixable:
        by_source.setdefault(Path(drift.quote.record.source), []).append(drift)
    for source, source_drifts in sorted(by_source.items()):
        text = read_source_text(source)
        for drift in source_drifts:
            text = _rewrite_ranges(text, drift, str(source))
        write_text_atomically(source, text)
    lock = load_lock(project.lock_path)
    for drift in fixable:
        lock[drift.entry.key] = with_ranges(drift.entry, drift.relocation.ranges or ())
    write_lock(project.lock_path, (lock[key] for key in sorted(lock)))
    return fixable


def _rewrite_ranges(text: str, drift: Drift, name: str) -> str:
    record = drift.quote.record
    ranges = drift.relocation.ranges or ()
    if record.origin == "legacy":
        # The old macro's own spelling, N-N for single lines, as the page used.
        legacy = ",".join(f"{r.start}-{r.end}" for r in ranges)
        return replace_legacy_ranges(text, record.lineno, legacy, name)
    return replace_directive_lines_option(text, record.lineno, format_ranges(ranges), name)


def run_verify(source: Path, fix: bool) -> int:
    project = load_project(source)
    if not project.lock_path.exists():
        print(f"{project.lock_path}: no lock file (run `configfile lock`)", file=sys.stderr)
        return EXIT_PROBLEMS
    lock = load_lock(project.lock_path)  # a broken lock is bad input: exit 2 from main()
    comparison = compare_with_lock(project.current(), lock)
    fixed: list[Drift] = _fix_drifts(project, comparison.drifts) if fix else []
    for drift in fixed:
        print(
            f"{_location(drift)}: fixed: {drift.quote.record.config_relpath} lines "
            f"{format_ranges(drift.entry.ranges)} -> "
            f"{format_ranges(drift.relocation.ranges or ())}"
        )
    remaining = [d for d in comparison.drifts if d not in fixed]
    for drift in remaining:
        print(f"{_location(drift)}: {drift.describe()}")
    for quote in comparison.unlocked:
        print(
            f"{quote.record.source}:{quote.record.lineno}: quote of "
            f"{quote.record.config_relpath} (lines {format_ranges(quote.ranges)}) is not "
            "locked (run `configfile lock`)"
        )
    for entry in comparison.stale:
        print(
            f"{project.lock_path}: locked quote {entry.key} is no longer in the guide "
            "(run `configfile lock`)"
        )
    _build_warnings_to_stderr(project)
    if remaining or comparison.unlocked or comparison.stale or project.build_warnings:
        return EXIT_PROBLEMS
    if not fixed:
        print(f"{project.lock_path}: all {len(project.current())} quote(s) match the lock")
    return EXIT_OK


def render_text(report: AgreementReport) -> str:
    lines = [str(problem) for problem in report.problems]
    lines.append("")
    lines.append("Evidence coverage (lines manifesto rules cite for a pass vs lines quoted):")
    header = ("config", "relevant", "shown", "missing")
    rows = [
        (
            row.config,
            format_ranges(as_ranges(row.relevant)) or "-",
            format_ranges(as_ranges(row.shown)) or "-",
            format_ranges(as_ranges(row.missing)) or "-",
        )
        for row in report.coverage
    ]
    widths = [max(len(cells[i]) for cells in (header, *rows)) for i in range(len(header) - 1)]
    for cells in (header, *rows):
        padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
        lines.append("  ".join([*padded, cells[-1]]))
    verdict = "agreement: OK" if report.ok else f"agreement: {len(report.problems)} problem(s)"
    lines.append(verdict)
    return "\n".join(lines)


def render_json(report: AgreementReport) -> str:
    data = {
        "ok": report.ok,
        "problems": [
            {"check": p.check, "location": p.location, "message": p.message}
            for p in report.problems
        ],
        "coverage": [
            {
                "config": row.config,
                "relevant": list(row.relevant),
                "shown": list(row.shown),
                "missing": list(row.missing),
            }
            for row in report.coverage
        ],
    }
    return json.dumps(data, indent=2, sort_keys=True)


def run_check(source: Path, output_format: str, policy: str) -> int:
    report = check_agreement(load_project(source), policy)
    print(render_json(report) if output_format == "json" else render_text(report))
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def _migrate_one(path: Path, check: bool, diff: bool) -> int:
    migration = migrate_file(path)
    if migration.problems:
        for problem in migration.problems:
            print(problem, file=sys.stderr)
        print(f"{path}: left unchanged", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not migration.changed:
        return EXIT_OK
    if diff:
        print(unified_text_diff(migration.old_text, migration.new_text, str(path)), end="")
    if check:
        print(f"{path}: would be migrated")
        return EXIT_PROBLEMS
    if not diff:
        write_text_atomically(path, migration.new_text)
        print(f"{path}: migrated")
    return EXIT_OK


def run_migrate(files: Sequence[Path], check: bool, diff: bool) -> int:
    """Each file on its own: one bad page does not stop the others."""
    status = EXIT_OK
    for path in files:
        try:
            status = max(status, _migrate_one(path, check, diff))
        except RewriteError as exc:
            print(f"configfile: {exc}", file=sys.stderr)
            status = EXIT_BAD_INPUT
    return status


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "lock":
            return run_lock(args.source)
        if args.command == "verify":
            return run_verify(args.source, args.fix)
        if args.command == "check":
            return run_check(args.source, args.format, args.policy)
        return run_migrate(args.files, args.check, args.diff)
    except (ProjectError, RewriteError, LockError) as exc:
        print(f"configfile: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (``configfile check | head``): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
