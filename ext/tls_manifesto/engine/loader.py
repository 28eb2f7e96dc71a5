"""Load a reference config: read, detect the server, parse, interpret.

``load_config`` is the one entry point the rules, CLI and agreement gate use.
Any unreadable or unparsable input becomes ``ConfigError`` (path and line);
no other exception type leaves this function for bad input.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path, PurePath

from hardening_guide_tools.config_text import split_lines

from tls_manifesto.engine.config_files import read_text
from tls_manifesto.engine.detect import detect_kind
from tls_manifesto.model import (
    ConfigError,
    ConfigKind,
    JudgedVersion,
    ServerConfig,
    VersionOrigin,
)
from tls_manifesto.servers.ejabberd.interpret import interpret_ejabberd
from tls_manifesto.servers.ircd.family import FamilyChoice, choose_family
from tls_manifesto.servers.ircd.files import read_ircd_files
from tls_manifesto.servers.ircd.interpret import interpret_charybdis
from tls_manifesto.servers.versions import VersionOption, version_from_path
from tls_manifesto.tls.dh_files import with_measured_dh_files

_ERLANG_FORMAT_SERIES = "2.1"  # the newest ejabberd series whose own format is Erlang terms
_FAMILY_OF_KIND = {
    ConfigKind.EJABBERD_YAML: "ejabberd",
    ConfigKind.EJABBERD_ERLANG: "ejabberd",
    ConfigKind.PROSODY: "prosody",
}


def load_config(
    path: str | Path,
    kind: ConfigKind | None = None,
    version: str | VersionOption | None = None,
    ircd_family: str | None = None,
) -> ServerConfig:
    """Parse ``path`` into the server-neutral model.

    ``kind`` forces the format (else from the file name, then content);
    ``version`` (``--server-version``) overrides the version read from the
    path (a directory like ``14.12``); without either the newest release the
    profile table knows is judged, and ``judged_version`` says which it was.
    ``ircd_family`` forces Charybdis or Solanum for an ircd.conf.
    """
    shown = str(path)
    text = read_text(shown)
    kind = kind or detect_kind(shown, text)
    option = VersionOption({"*": version}) if isinstance(version, str) else version
    lines = split_lines(text)
    try:
        config = _interpret(text, shown, lines, kind, option, ircd_family)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError) as error:
        # A shape no interpreter expected (e.g. a list where a port belongs); still
        # a ConfigError so callers handle one exception type.
        raise ConfigError(
            shown,
            None,
            f"cannot interpret this {kind.value} config ({error}; check the option"
            " types against the server's documentation)",
        ) from error
    return with_measured_dh_files(_with_sources(config))


def _interpret(
    text: str,
    shown: str,
    lines: tuple[str, ...],
    kind: ConfigKind,
    option: VersionOption | None,
    ircd_family: str | None,
) -> ServerConfig:
    choice = None
    if kind is ConfigKind.IRCD:
        ircd = read_ircd_files(shown, text)
        choice = choose_family(shown, ircd.conf, ircd_family)
        family = choice.family
    else:
        family = _FAMILY_OF_KIND[kind]
    requested, origin, detail = _requested_version(shown, family, option)
    if origin is VersionOrigin.ASSUMED and kind is ConfigKind.EJABBERD_ERLANG:
        # ejabberd.cfg in Erlang terms is ejabberd 2.x's format (13.12 and later
        # write ejabberd.yml): judging it by the newest release's defaults would
        # credit it with TLS defaults no 2.x server had.
        requested = _ERLANG_FORMAT_SERIES
        detail += (
            f", and Erlang terms are ejabberd 2.x's format, so the newest {requested} release known"
        )
    # Each format's reader is imported when a config of that format is read:
    # ruamel.yaml and luaparser (with ANTLR) take about 40 and 90 ms to import,
    # and a check of one ircd.conf needs neither.
    if kind is ConfigKind.EJABBERD_YAML:
        from tls_manifesto.servers.ejabberd.yaml_options import read_yaml_config

        options = read_yaml_config(shown, text, requested)
        config = interpret_ejabberd(options, shown, lines, kind, requested)
    elif kind is ConfigKind.EJABBERD_ERLANG:
        from tls_manifesto.servers.ejabberd.erlang_options import read_erlang_config

        options = read_erlang_config(shown, text)
        config = interpret_ejabberd(options, shown, lines, kind, requested)
    elif kind is ConfigKind.PROSODY:
        from tls_manifesto.servers.prosody.files import read_prosody_files
        from tls_manifesto.servers.prosody.interpret import interpret_prosody

        read = read_prosody_files(shown, text)
        config = interpret_prosody(read.config, shown, lines, requested, read.files, read.issues)
    else:
        config = interpret_charybdis(
            ircd.conf, shown, lines, requested, family, ircd.files, ircd.issues
        )
    return dataclasses.replace(config, judged_version=_judged(config, origin, detail, choice))


def _requested_version(
    path: str, family: str, option: VersionOption | None
) -> tuple[str | None, VersionOrigin, str]:
    """The version asked for, where it came from, and how to say so."""
    given = option.for_family(family) if option is not None else None
    if given is not None and option is not None:
        return given, VersionOrigin.OPTION, option.shown(family)
    from_path = version_from_path(path)
    if from_path is not None:
        directory = next(p for p in reversed(PurePath(path).parts[:-1]) if from_path in p)
        return from_path, VersionOrigin.PATH, f"path component {directory}"
    # Else the directory the file really sits in: "cd 18.12 && manifesto check
    # ejabberd.yml" names the version through the working directory. Only that one
    # directory: an ancestor named like a version (a checkout in ~/src/1.0/) says nothing.
    directory = Path(path).resolve().parent.name
    from_directory = version_from_path(PurePath(directory, "config"))
    if from_directory is not None:
        return from_directory, VersionOrigin.PATH, f"path component {directory} of the full path"
    return None, VersionOrigin.ASSUMED, "no version in the path or --server-version"


def _judged(
    config: ServerConfig, origin: VersionOrigin, detail: str, choice: FamilyChoice | None
) -> JudgedVersion:
    profile = config.profile
    if origin is VersionOrigin.ASSUMED and config.kind is not ConfigKind.EJABBERD_ERLANG:
        detail += f", so the newest release known, {profile.version}"
    if choice is not None:
        detail += f"; family {choice.family} ({choice.reason})"
    if profile.unknown is not None:
        detail += f"; defaults not known: {profile.unknown}"
    return JudgedVersion(
        family=profile.family,
        version=profile.version or "",
        origin=origin,
        detail=detail,
        release_series=profile.release_series,
    )


def _with_sources(config: ServerConfig) -> ServerConfig:
    """A config without includes is its one file."""
    return dataclasses.replace(config, sources=config.sources or (config.path,))
