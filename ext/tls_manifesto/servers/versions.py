"""Server versions: read from a config's path, compared as numbers."""

from __future__ import annotations

import re
from pathlib import PurePath

_VERSION = re.compile(r"^v?(\d+(?:\.\d+)+)$")


def version_from_path(path: str | PurePath) -> str | None:
    """The innermost directory component that looks like a version (``14.12``, ``2.1.10``)."""
    for part in reversed(PurePath(path).parts[:-1]):
        match = _VERSION.match(part)
        if match:
            return match.group(1)
    return None


def version_key(version: str) -> tuple[int, ...]:
    """``"2.1.10"`` -> ``(2, 1, 10)``; non-numeric parts are dropped (``"23.01-beta"`` -> 23.01)."""
    numbers = re.findall(r"\d+", version.split("-")[0])
    return tuple(int(number) for number in numbers)


def at_least(version: str | None, minimum: str) -> bool:
    """True for unknown versions: they get the newest behaviour."""
    return version is None or version_key(version) >= version_key(minimum)
