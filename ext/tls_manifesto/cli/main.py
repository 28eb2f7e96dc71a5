"""``manifesto``: check configs against the XMPP manifesto, list the rules, probe a live server.

This module parses the command line and calls ``commands`` (or the probe's
``run_probe``); the exit status is an ``ExitCode``: 0 no error-severity
finding, 1 some, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from hardening_guide_tools.version import version_line

from tls_manifesto.cli import commands
from tls_manifesto.cli.commands import RULE_RENDERERS, RUN_RENDERERS
from tls_manifesto.cli.exit_codes import ExitCode
from tls_manifesto.cli.probe_command import add_probe_subparser, run_probe
from tls_manifesto.engine.detect import kind_choices
from tls_manifesto.errors import ManifestoError
from tls_manifesto.rules import POLICIES
from tls_manifesto.servers import registry

PATH_HELP = "a config file, or a directory searched for configs"


DESCRIPTION = (
    "Check server TLS configs against the XMPP manifesto, list its rules, show what cipher "
    "strings expand to, and probe a live server."
)
EPILOG = "Exit status: 0 no error-severity finding, 1 some, 2 bad input or usage."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="manifesto", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=version_line("manifesto"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check config files or directories",
        description=f"Judge each config ({', '.join(registry.server_names())}) by every rule"
        " of the manifesto, with the waivers of the nearest manifesto.toml applied.",
    )
    check.add_argument(
        "--policy",
        choices=POLICIES,
        default="require-fs",
        help="require-fs: the guide's recommendations for each chapter (the XMPP manifesto"
        " for IM servers), every cipher forward-secret; prefer-fs: the same, forward-secret"
        " ciphers first; mozilla-intermediate, mozilla-modern: Mozilla's server-side TLS"
        " profiles (default: require-fs)",
    )
    check.add_argument(
        "--kind",
        help=f"force the config kind: {', '.join(kind_choices())} (a server name: its"
        " format, read as that server's)",
    )
    _add_server_version(check)
    check.add_argument(
        "--format",
        choices=sorted(RUN_RENDERERS),
        default="text",
        help="text for people (default), json for programs, sarif for code scanning",
    )
    check.add_argument("--output", type=Path, help="write the report here (default stdout)")
    check.add_argument("--waivers", type=Path, help="waiver file (default: nearest manifesto.toml)")
    check.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="text format: each finding's fix, defaults and sources, its lines, verdict summaries",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help=PATH_HELP)

    rules = commands.add_parser(
        "rules",
        help="list the rules with their documentation",
        description="Each rule's id, severity, summary, the versions it applies to and the "
        "sources it cites.",
    )
    rules.add_argument(
        "--format",
        choices=sorted(RULE_RENDERERS),
        default="text",
        help="text (default), rst for a documentation page, json",
    )
    rules.add_argument("ids", nargs="*", metavar="RULE", help="rule ids (default: all)")
    rules.add_argument("--output", type=Path, help="write the list here (default stdout)")

    ciphers = commands.add_parser(
        "ciphers",
        help="show what each config's cipher string expands to with this OpenSSL",
        description="Each distinct cipher string in effect in the configs, the config line "
        "that sets it, and the suites this OpenSSL expands it to.",
    )
    ciphers.add_argument("--pin", type=Path, help="record the expansions in this JSON file")
    _add_server_version(ciphers)
    ciphers.add_argument("paths", nargs="+", metavar="PATH", help=PATH_HELP)

    add_probe_subparser(commands)
    return parser


def _add_server_version(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--server-version",
        action="append",
        default=[],
        metavar="[SERVER=]VERSION",
        help="judge configs as this server version (18.12), or one server's (prosody=0.11;"
        f" servers: {', '.join(registry.server_names())}); repeatable; default: a version"
        " directory in the path, else the newest known",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return commands.check(args)
        if args.command == "probe":
            return run_probe(args)
        if args.command == "rules":
            return commands.rules(args)
        return commands.ciphers(args)
    except ManifestoError as error:
        print(f"manifesto: {error}", file=sys.stderr)
        return ExitCode.BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
