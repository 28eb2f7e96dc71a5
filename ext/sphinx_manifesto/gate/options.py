"""What ``configfile check`` asks of quoted configs beyond agreeing with the quotes.

Agreement (every quote can be made, no config is an orphan, the lock is
current) is always checked. Which manifesto policy judges the quoted
configs (or none), whether every line a rule cites for a pass must be
quoted, and which server version a config is judged as are settings:
``configfile_check_policy``, ``configfile_check_coverage`` and
``configfile_server_versions`` in conf.py, which ``--policy``,
``--[no-]coverage`` and ``--server-version`` override for one run.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tls_manifesto.servers.versions import VersionOption

NO_POLICY = "none"
# tls_manifesto.rules.POLICIES and "none", written out: importing the rules
# here would load every rule into each build that loads the extension.
# tests/gate/test_any_guide.py pins that the two agree.
CHECK_POLICIES: tuple[str, ...] = ("prefer-fs", "require-fs", NO_POLICY)
DEFAULT_POLICY = "require-fs"


@dataclass(frozen=True)
class GateOptions:
    policy: str = DEFAULT_POLICY  # one of CHECK_POLICIES; "none" judges no config
    coverage: bool = True  # lines a rule cites for a pass must be quoted
    # (fnmatch pattern relative to the configs root, "[server=]version"), conf.py order.
    versions_by_config: tuple[tuple[str, str], ...] = ()
    command_line_versions: VersionOption | None = None  # --server-version, over everything

    @property
    def judges(self) -> bool:
        return self.policy != NO_POLICY

    def version_for(self, config_relpath: str) -> VersionOption | None:
        """The version to judge a config as: --server-version, else the first pattern matching."""
        if self.command_line_versions is not None:
            return self.command_line_versions
        for pattern, version in self.versions_by_config:
            if fnmatch.fnmatchcase(config_relpath, pattern):
                return VersionOption.parse([version])
        return None  # the loader reads a version directory in the path, else assumes the newest


def bad_server_version(value: Any) -> str | None:
    """Why ``value`` is no ``[server=]version`` string, or None when it is one."""
    if not isinstance(value, str):
        return f"{type(value).__name__} {value!r} is not a string"
    try:
        VersionOption.parse([value])
    except ValueError as error:
        return str(error).removeprefix("--server-version ")
    return None


def options_from_config(config: Any) -> GateOptions:
    """The gate's options as conf.py sets them (already checked by ``settings``)."""
    versions: Mapping[str, str] = config.configfile_server_versions
    return GateOptions(
        policy=config.configfile_check_policy,
        coverage=config.configfile_check_coverage,
        versions_by_config=tuple(versions.items()),
    )
