"""Which files under the paths named on the command line are configs to check.

A file named on the command line is checked whatever it is. Under a named
directory, every file is looked at: one the checker recognises by its name
(``ejabberd*.yml``, ``*.cfg.lua``, ``ircd*.conf``) or by its content (an
``ejabberd.yml.example``, a ``prosody.cfg.lua.dist``, a ``reference.conf``,
a ``ports.yml``) is a config; every other file is skipped, and the walk says
which and why, so nothing is left out unseen. Hidden files and directories
(``.git``) are skipped as a whole, each named once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tls_manifesto.engine.file_roles import file_role


@dataclass(frozen=True)
class SkippedFile:
    """A file a directory walk found but did not check, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Walk:
    configs: tuple[str, ...]  # in the order found: named files, then each directory sorted
    skipped: tuple[SkippedFile, ...]


def walk(paths: Iterable[str | Path]) -> Walk:
    configs: list[str] = []
    skipped: list[SkippedFile] = []
    for path in map(Path, paths):
        if not path.is_dir():
            configs.append(str(path))
            continue
        hidden: set[Path] = set()
        for found in sorted(path.rglob("*")):
            relative = found.relative_to(path)
            top_hidden = _first_hidden(path, relative)
            if top_hidden is not None:
                if top_hidden not in hidden:
                    hidden.add(top_hidden)
                    skipped.append(SkippedFile(str(top_hidden), "hidden"))
                continue
            if not found.is_file():
                continue
            reason = not_a_config(found)
            if reason is None:
                configs.append(str(found))
            else:
                skipped.append(SkippedFile(str(found), reason))
    return Walk(tuple(configs), tuple(skipped))


def _first_hidden(root: Path, relative: Path) -> Path | None:
    """The outermost hidden file or directory on the way to ``relative``, if any."""
    for depth, part in enumerate(relative.parts):
        if part.startswith("."):
            return root.joinpath(*relative.parts[: depth + 1])
    return None


def not_a_config(path: Path) -> str | None:
    """None when ``path`` is a config the checker recognises, else why it is not."""
    role = file_role(path)
    return None if role.kind is not None else role.reason
