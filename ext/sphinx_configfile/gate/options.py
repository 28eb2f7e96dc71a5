"""What ``configfile check`` asks of quoted configs beyond agreeing with the quotes.

Agreement (every quote can be made, no config is an orphan, the lock is
current) is always checked. Which manifesto policy judges the quoted
configs (or none), whether every line a rule cites for a pass must be
quoted, and which server version a config is judged as are settings:
``configfile_check_policy``, ``configfile_check_coverage`` and
``configfile_server_versions`` in conf.py, which ``--policy``,
``--[no-]coverage`` and ``--server-version`` override for one run. The
judging itself is the judge's (``judging.py``).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sphinx_configfile.slots import Slot

NO_POLICY = "none"
# The manifesto's policies (tls_manifesto.rules.POLICIES) and "none", written
# out: this package imports no checker. tests/gate/test_any_guide.py pins
# that the two agree.
CHECK_POLICIES: tuple[str, ...] = (
    "prefer-fs",
    "require-fs",
    "mozilla-intermediate",
    "mozilla-modern",
    NO_POLICY,
)
DEFAULT_POLICY = "require-fs"


@dataclass(frozen=True)
class GateOptions:
    policy: str = DEFAULT_POLICY  # one of CHECK_POLICIES; "none" judges no config
    coverage: bool = True  # lines a rule cites for a pass must be quoted
    # (fnmatch pattern relative to the configs root, "[server=]version"), conf.py order.
    versions_by_config: tuple[tuple[str, str], ...] = ()
    command_line_versions: tuple[str, ...] = ()  # --server-version values, over everything

    @property
    def judges(self) -> bool:
        return self.policy != NO_POLICY

    def versions_for(self, config_relpath: str) -> tuple[str, ...]:
        """The versions to judge a config as: --server-version, else the first pattern matching."""
        if self.command_line_versions:
            return self.command_line_versions
        for pattern, version in self.versions_by_config:
            if fnmatch.fnmatchcase(config_relpath, pattern):
                return (version,)
        return ()  # the judge reads a version directory in the path, else assumes the newest


def options_from_config(config: Any) -> GateOptions:
    """The gate's options as conf.py sets them (already checked by ``settings``)."""
    versions: Mapping[str, str] = config.configfile_server_versions
    return GateOptions(
        policy=config.configfile_check_policy,
        coverage=config.configfile_check_coverage,
        versions_by_config=tuple(versions.items()),
    )


# On the application: "conf.py:LINE: what is wrong" for each wrong setting
# (settings.py), for which the configfile command refuses the project.
SETTING_PROBLEMS = Slot[tuple[str, ...]]("configfile_setting_problems")
