"""Read the files of one config: the main file and the files it includes.

A config names its includes as the deployment host sees them
(``/etc/ejabberd/ports.yml``); a repository of configs keeps them beside
the main file. ``FileSet.locate`` tries the path as written (relative paths
from the main file's directory), then the same base name beside the main
file, as MF006 does for DH files; the report lists the files actually read
(``ServerConfig.sources``), so a reader sees which copy was used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from hardening_guide_tools.config_text import UndecodableText, decode_text, split_lines

from tls_manifesto.model import ConfigError, Evidence, ReadIssue
from tls_manifesto.reading.limits import MAX_CONFIG_BYTES

# What every blocking read issue ends with: why no verdict can pass.
UNSEEN = "what it sets is unseen, so nothing can pass"


def read_text(path: str) -> str:
    """The file as UTF-8 text; ConfigError (with the line of a bad byte) otherwise."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        raise ConfigError(path, None, f"cannot read the file ({error.strerror})") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(
            path, None, f"larger than {MAX_CONFIG_BYTES // 1024} KiB (no server config is that big)"
        )
    try:
        # The parsers judge a byte-order mark as each server does (refused by Lua and the ircd).
        return decode_text(data, keep_byte_order_mark=True)
    except UndecodableText as error:
        raise ConfigError(path, error.line, error.message) from None


@dataclass(frozen=True)
class Located:
    """Where an include was looked for, and the file found (None: not there)."""

    written: str
    looked_for: tuple[str, ...]
    found: str | None


@dataclass
class FileSet:
    """The files read so far, in reading order, with their lines; and what could not be read."""

    main: str
    lines: dict[str, tuple[str, ...]] = field(default_factory=dict)
    issues: list[ReadIssue] = field(default_factory=list)

    def read(self, path: str) -> str:
        text = read_text(path)
        self.lines.setdefault(path, split_lines(text))
        return text

    def locate(self, written: str) -> Located:
        """The path as written (relative: from the main file's directory), else beside it."""
        base = Path(self.main).parent
        wanted = Path(written)
        as_written = wanted if wanted.is_absolute() else base / wanted
        beside = base / wanted.name
        candidates = [as_written] + ([beside] if wanted.is_absolute() else [])
        for candidate in candidates:
            if candidate.is_file():
                return Located(written, tuple(map(str, candidates)), str(candidate))
        return Located(written, tuple(map(str, candidates)), None)

    def evidence(self, path: str, line: int) -> Evidence:
        text = self.lines.get(path, ())
        quoted = text[line - 1].rstrip() if 0 < line <= len(text) else ""
        return Evidence(path, line, quoted)

    def missing(self, located: Located, path: str, line: int, what: str) -> None:
        """Record an include that is not there: every verdict then depends on unseen values."""
        beside = " or beside the config" if len(located.looked_for) > 1 else ""
        self.issues.append(
            ReadIssue(
                self.evidence(path, line),
                f"{what} {located.written} not found (at its path{beside}): "
                f"{UNSEEN} (put a copy beside the config)",
                blocks_pass=True,
                absent=located.looked_for,
            )
        )

    def warn(self, path: str, line: int, message: str) -> None:
        self.issues.append(ReadIssue(self.evidence(path, line), message, blocks_pass=False))

    def block(self, path: str, line: int, message: str) -> None:
        self.issues.append(ReadIssue(self.evidence(path, line), message, blocks_pass=True))


def refuse_cycle(chain: list[str], target: str, path: str, line: int) -> None:
    """An include that leads back to a file being read: the server would loop or refuse it.

    ejabberd 2.1.10 include_config_files/2 would include forever; yconf 1.0.15
    read_yaml/3 (ejabberd 23.01) refuses it: "Circularly included YAML file".
    """
    resolved = [os.path.realpath(item) for item in chain]
    if os.path.realpath(target) in resolved:
        start = resolved.index(os.path.realpath(target))
        loop = " -> ".join([*chain[start:], target])
        raise ConfigError(path, line, f"include cycle: {loop} (remove one of the includes)")
