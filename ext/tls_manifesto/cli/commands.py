"""What each ``manifesto`` subcommand does; ``main.py`` only parses arguments and calls these.

Every function returns the exit status (``ExitCode``). Bad input raises a
``ManifestoError`` (a ``ConfigError`` or a ``UsageError``), which ``main``
turns into one located line and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from hardening_guide_tools.atomic_file import write_atomically

from tls_manifesto.cli.exit_codes import ExitCode
from tls_manifesto.engine.check import CheckRun, check_paths, config_files
from tls_manifesto.engine.detect import parse_kind, server_of_kind
from tls_manifesto.engine.loader import load_config
from tls_manifesto.errors import ManifestoError
from tls_manifesto.model import ConfigError, Evidence
from tls_manifesto.report import json_report, rst, sarif, text
from tls_manifesto.rules import ALL_RULES, RULES_BY_ID, Rule
from tls_manifesto.rules.base import uses_tls
from tls_manifesto.servers import registry
from tls_manifesto.servers.versions import VersionOption
from tls_manifesto.tls.ciphers import OPENSSL_VERSION, CipherStringError, expand_cipher_string
from tls_manifesto.tls.effective_ciphers import effective_ciphers

RUN_RENDERERS: dict[str, Callable[[CheckRun], str]] = {
    "text": text.render_run,
    "json": json_report.render_run,
    "sarif": sarif.render_run,
}
RULE_RENDERERS: dict[str, Callable[[tuple[Rule, ...]], str]] = {
    "text": text.render_rules,
    "rst": rst.render_rules,
    "json": json_report.render_rules,
}


class UsageError(ManifestoError):
    """Bad command-line input that argparse cannot see (exit 2)."""


def versions(args: argparse.Namespace) -> VersionOption | None:
    if not args.server_version:
        return None
    try:
        return VersionOption.parse(args.server_version, registry.server_names())
    except ValueError as error:
        raise UsageError(str(error)) from None


def check(args: argparse.Namespace) -> ExitCode:
    kind = parse_kind(args.kind) if args.kind else None
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise ConfigError(missing[0], None, "no such file or directory")
    server = server_of_kind(args.kind)
    run = check_paths(args.paths, args.policy, kind, args.waivers, versions(args), server)
    for error in run.input_errors:
        print(f"manifesto: {error}", file=sys.stderr)
    if args.format == "text":
        report = text.render_run(run, verbose=args.verbose)
    else:
        report = RUN_RENDERERS[args.format](run)
    _emit(report, args.output, args.paths)
    return ExitCode.of_run(run)


def rules(args: argparse.Namespace) -> ExitCode:
    _emit(RULE_RENDERERS[args.format](_chosen_rules(args.ids)), args.output, ())
    return ExitCode.OK


def _chosen_rules(ids: Sequence[str]) -> tuple[Rule, ...]:
    """The rules named on the command line (any case), in id order; all when none is named."""
    if not ids:
        return ALL_RULES
    wanted = {i.upper() for i in ids}
    unknown = sorted(wanted - set(RULES_BY_ID))
    if unknown:
        known = ", ".join(RULES_BY_ID)
        raise UsageError(f"unknown rule {unknown[0]} (one of {known})")
    return tuple(rule for rule in ALL_RULES if rule.id in wanted)


def _emit(report: str, output: Path | None, inputs: Sequence[str]) -> None:
    """Print, or write atomically (temp file + rename) so no half-written report remains."""
    if output is None:
        sys.stdout.write(report)
        return
    resolved = output.resolve()
    if any(resolved == Path(p).resolve() for p in config_files(inputs)):
        raise UsageError(f"--output {output} is one of the checked configs (choose another file)")
    directory = resolved.parent
    if not directory.is_dir():
        raise UsageError(f"--output {output}: directory {directory} does not exist")
    try:
        write_atomically(resolved, report)
    except OSError as error:
        raise UsageError(f"--output {output}: cannot write: {error.strerror}") from error


def cipher_strings(
    paths: Sequence[str], versions: VersionOption | None = None
) -> dict[str, tuple[str, Evidence | None]]:
    """Every distinct cipher string in effect at a TLS endpoint of the configs under ``paths``,
    with the config and the first line that puts it in effect (the ciphers line, or the
    endpoint's; None when no line does).

    A config that sets no cipher list contributes its server's default, which
    depends on the version judged (``versions``: the ``--server-version`` values).
    """
    found: dict[str, tuple[str, Evidence | None]] = {}
    for file in config_files(paths):
        config = load_config(file, version=versions)
        for endpoint in config.endpoints:
            effective = (
                effective_ciphers(config, endpoint) if uses_tls(endpoint, config.profile) else None
            )
            if effective is not None and effective.cipher_string not in found:
                evidence = effective.evidence[-1] if effective.evidence else None
                found[effective.cipher_string] = (file, evidence)
    return found


def ciphers(args: argparse.Namespace) -> ExitCode:
    expansions: dict[str, list[str]] = {}
    found = cipher_strings(args.paths, versions(args))
    for cipher_string, (file, evidence) in found.items():
        try:
            expansions[cipher_string] = list(expand_cipher_string(cipher_string).names)
        except CipherStringError as error:
            if evidence is None:
                raise ConfigError(file, None, str(error)) from None
            raise ConfigError(evidence.path, evidence.line, str(error)) from None
    if args.pin is None:
        print(f"expanded with {OPENSSL_VERSION}")
        for cipher_string, names in expansions.items():
            file, evidence = found[cipher_string]
            # Where it comes from, so a reader can go from the expansion to the line.
            where = f"{evidence.path}:{evidence.line}" if evidence else f"{file} (its default)"
            print(f"{cipher_string}\n  from {where}\n  {':'.join(names)}")
        return ExitCode.OK
    pins = _read_pins(args.pin)
    pins[OPENSSL_VERSION] = expansions
    _emit(json.dumps(pins, indent=2, sort_keys=True) + "\n", args.pin, ())
    print(f"pinned {len(expansions)} cipher strings for {OPENSSL_VERSION} in {args.pin}")
    return ExitCode.OK


def _read_pins(path: Path) -> dict[str, dict[str, list[str]]]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise ConfigError(str(path), line, f"cannot read the pin file ({error})") from None
    if not isinstance(data, dict):
        raise ConfigError(str(path), 1, "pin file must be a JSON object keyed by OpenSSL version")
    return data
