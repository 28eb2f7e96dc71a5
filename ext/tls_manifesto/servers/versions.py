"""Server versions: read from a config's path or ``--server-version``, compared as numbers."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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


_ANY_FAMILY = "*"


@dataclass(frozen=True)
class VersionOption:
    """``--server-version`` values: ``18.12`` for every config, ``prosody=0.11`` for one family."""

    by_family: Mapping[str, str]

    @classmethod
    def parse(cls, values: Sequence[str], servers: Sequence[str]) -> VersionOption:
        """ValueError (with the message to show) for a malformed or repeated value.

        ``servers`` are the names ``SERVER=`` may take: ``registry.server_names()``,
        which the caller passes (the families' modules import this one).
        """
        by_family: dict[str, str] = {}
        for value in values:
            family, _, version = value.rpartition("=")
            family = family.strip().lower() or _ANY_FAMILY
            version = version.strip()
            if family != _ANY_FAMILY and family not in servers:
                raise ValueError(
                    f"--server-version {value}: unknown server {family!r}"
                    f" (use one of {', '.join(servers)})"
                )
            matched = _VERSION.match(version)
            if not matched:
                raise ValueError(
                    f"--server-version {value}: {version!r} is not a version like 18.12 or 0.12.4"
                )
            if family in by_family:
                raise ValueError(f"--server-version given twice for {family}")
            by_family[family] = matched.group(1)
        return cls(by_family)

    def for_family(self, family: str) -> str | None:
        return self.by_family.get(family) or self.by_family.get(_ANY_FAMILY)

    def shown(self, family: str) -> str:
        """How the user wrote the value that applies to ``family``."""
        if family in self.by_family:
            return f"--server-version {family}={self.by_family[family]}"
        return f"--server-version {self.by_family[_ANY_FAMILY]}"
