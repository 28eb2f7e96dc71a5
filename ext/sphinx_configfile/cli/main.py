"""``configfile``: keep the guide's quotes and the reference configs in agreement.

Subcommands::

    configfile [--source DIR] lock [--format text|json]            record what every quote shows
    configfile [--source DIR] verify [--fix] [--format text|json]  quotes changed since the lock
    configfile [--source DIR] check [--format text|json] [--policy P] [--[no-]coverage]
    configfile migrate [--check] [--diff] FILE.rst...               raw-LaTeX quotes -> directives

Exit status: 0 all good, 1 something to fix, 2 bad input (broken conf.py,
unreadable lock, a page that cannot be migrated).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from hardening_guide_tools.version import version_line

from sphinx_configfile.cli.commands import run_check, run_lock, run_migrate, run_verify
from sphinx_configfile.cli.exit_codes import ExitCode
from sphinx_configfile.cli.project_finder import find_source_dir
from sphinx_configfile.errors import ConfigfileToolError
from sphinx_configfile.gate.options import CHECK_POLICIES

DESCRIPTION = "Keep a Sphinx guide's configfile quotes and its config files in agreement."
EPILOG = (
    "Exit status: 0 all good, 1 something to fix, 2 bad input (broken conf.py, "
    "unreadable lock, a page that cannot be migrated)."
)
FORMAT_HELP = "text for people (default), json for programs"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="configfile", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=version_line("configfile"))
    parser.add_argument(
        "--source",
        type=Path,
        metavar="DIR",
        help="the Sphinx source directory, the one holding conf.py (default: source, "
        "else the only directory with a conf.py in this repository)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    lock = commands.add_parser(
        "lock",
        help="record the text every quote shows",
        description="Build the guide and record, in the lock file, the config, lines and text "
        "of every quote: the approved state that verify and check compare with.",
    )
    lock.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    verify = commands.add_parser(
        "verify",
        help="report quotes whose text changed since the lock",
        description="Build the guide and compare every quote with the lock: quotes whose text "
        "changed, quotes not locked, and lock entries no quote makes.",
    )
    verify.add_argument(
        "--fix",
        action="store_true",
        help="where the quoted text only moved, rewrite the quote's :lines: and the lock",
    )
    verify.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    check = commands.add_parser(
        "check",
        help="run the whole agreement gate",
        description="The whole gate: every quote can be made, every config is quoted, the lock "
        "is current; and, unless turned off, quoted configs pass the manifesto policy and show "
        "every line a rule cites for a pass. Configs no policy can judge are listed, not failed.",
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    check.add_argument(
        "--policy",
        choices=CHECK_POLICIES,
        help="the manifesto policy quoted configs must pass, or none to judge no config "
        "(default: configfile_check_policy in conf.py, require-fs)",
    )
    check.add_argument(
        "--coverage",
        action=argparse.BooleanOptionalAction,
        help="require every line a rule cites for a pass to be quoted "
        "(default: configfile_check_coverage in conf.py, on)",
    )
    check.add_argument(
        "--server-version",
        action="append",
        default=[],
        metavar="[SERVER=]VERSION",
        help="judge quoted configs as this server version (18.12), or one server's "
        "(prosody=0.12); repeatable; default: configfile_server_versions in conf.py, "
        "else a version directory in the config's path, else the newest release known",
    )
    migrate = commands.add_parser(
        "migrate",
        help="turn raw-LaTeX quotes into directives",
        description="Rewrite the old raw-LaTeX \\configfile quotes of the named pages as "
        "configfile directives, leaving every other byte unchanged.",
    )
    migrate.add_argument("files", nargs="+", type=Path, metavar="FILE.rst", help="pages to migrate")
    mode = migrate.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 if a file would change")
    mode.add_argument("--diff", action="store_true", help="print the changes, write nothing")
    return parser


def _gate_options(args: argparse.Namespace) -> dict[str, object]:
    """What the command line sets for ``check``; conf.py's settings fill in the rest."""
    chosen: dict[str, object] = {}
    if args.policy is not None:
        chosen["policy"] = args.policy
    if args.coverage is not None:
        chosen["coverage"] = args.coverage
    if args.server_version:
        # Which servers and versions exist is the judge's to say (run_check asks it).
        chosen["command_line_versions"] = tuple(args.server_version)
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "migrate":
            return run_migrate(args.files, args.check, args.diff)
        source = args.source if args.source is not None else find_source_dir(Path.cwd())
        if args.command == "lock":
            return run_lock(source, args.format)
        if args.command == "verify":
            return run_verify(source, args.fix, args.format)
        return run_check(source, args.format, _gate_options(args))
    except ConfigfileToolError as exc:  # ProjectError, LockError, RewriteError, ...
        print(f"configfile: {exc}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    except BrokenPipeError:
        # The reader went away (``configfile check | head``): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
