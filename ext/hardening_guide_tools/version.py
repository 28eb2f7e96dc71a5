"""``--version`` of both commands: the installed distribution's version.

Both commands ship in one distribution, so they share its version; read
from the installed metadata, so it cannot disagree with what pip reports.
"""

from __future__ import annotations

from importlib import metadata

DISTRIBUTION = "hardening-guide-tools"


def version_line(command: str) -> str:
    try:
        version = metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        version = "(not installed)"
    return f"{command} {version} ({DISTRIBUTION})"
