"""Which version a config is judged as, where that came from, and how reports say so.

Shared by every family's reader: ``--server-version`` first, then a version
directory in the path, then the directory the file sits in, else the
newest release the family's profile table knows.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path, PurePath

from tls_manifesto.model import JudgedVersion, ServerConfig, VersionOrigin
from tls_manifesto.servers.versions import VersionOption, version_from_path


@dataclass(frozen=True)
class RequestedVersion:
    """The version asked for (None: the newest known), where it came from, how to say so."""

    version: str | None
    origin: VersionOrigin
    detail: str


def requested_version(path: str, server: str, option: VersionOption | None) -> RequestedVersion:
    given = option.for_family(server) if option is not None else None
    if given is not None and option is not None:
        return RequestedVersion(given, VersionOrigin.OPTION, option.shown(server))
    from_path = version_from_path(path)
    if from_path is not None:
        directory = next(p for p in reversed(PurePath(path).parts[:-1]) if from_path in p)
        return RequestedVersion(from_path, VersionOrigin.PATH, f"path component {directory}")
    # Else the directory the file really sits in: "cd 18.12 && manifesto check
    # ejabberd.yml" names the version through the working directory. Only that one
    # directory: an ancestor named like a version (a checkout in ~/src/1.0/) says nothing.
    directory = Path(path).resolve().parent.name
    from_directory = version_from_path(PurePath(directory, "config"))
    if from_directory is not None:
        return RequestedVersion(
            from_directory, VersionOrigin.PATH, f"path component {directory} of the full path"
        )
    return RequestedVersion(
        None, VersionOrigin.ASSUMED, "no version in the path or --server-version"
    )


def with_judged_version(
    config: ServerConfig, requested: RequestedVersion, chosen: str | None = None
) -> ServerConfig:
    """``config`` with the version judged; ``chosen`` says how its server was chosen."""
    profile = config.profile
    detail = requested.detail
    if requested.origin is VersionOrigin.ASSUMED and requested.version is None:
        detail += f", so the newest release known, {profile.version}"
    if chosen is not None:
        detail += f"; {chosen}"
    if profile.unknown is not None:
        detail += f"; defaults not known: {profile.unknown}"
    judged = JudgedVersion(
        family=profile.family,
        version=profile.version or "",
        origin=requested.origin,
        detail=detail,
        release_series=profile.release_series,
    )
    return dataclasses.replace(config, judged_version=judged)
