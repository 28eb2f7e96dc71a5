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
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sphinx_configfile.agreement import ProjectError
from sphinx_configfile.commands import (
    EXIT_BAD_INPUT,
    EXIT_PROBLEMS,
    run_check,
    run_lock,
    run_migrate,
    run_verify,
)
from sphinx_configfile.lock import LockError
from sphinx_configfile.rewrite import RewriteError


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
