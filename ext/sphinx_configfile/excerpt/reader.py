"""Read and decode a config once per process, however often the guide quotes it.

The cache key is the path with its size and modification time, so an edited
file is read again while an unchanged one never is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from hardening_guide_tools.config_text import (
    UndecodableText,
    decode_text,
    line_at_offset,
    split_lines,
)

from sphinx_configfile.errors import ConfigfileToolError
from sphinx_configfile.excerpt.ranges import LineRange, whole_file


class ConfigReadError(ConfigfileToolError, ValueError):
    """A config that cannot be quoted: unreadable, binary or not UTF-8."""


@dataclass(frozen=True)
class ConfigText:
    """A decoded config: its lines without line endings, numbered from 1."""

    path: Path
    # Kept out of repr(): Sphinx logs repr() of event arguments at debug level.
    lines: tuple[str, ...] = field(repr=False)
    cache_key: tuple[str, int, int] = field(compare=False)
    # The bytes as read, for an exact copy of the file in the HTML output
    # without reading it a second time.
    raw: bytes = field(default=b"", repr=False, compare=False)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n" if self.lines else ""


# One entry per path: an edited file replaces its old entry instead of piling up.
_cache: dict[str, ConfigText] = {}


def numbered_lines(
    config: ConfigText, ranges: Iterable[LineRange] | None
) -> tuple[list[int], list[str]]:
    """(numbers, texts) of ``ranges`` (all lines when ``None``), in the order of the ranges.

    The listing node needs only these two lists; slicing avoids one object per line.
    """
    chosen = whole_file(len(config.lines)) if ranges is None else ranges
    numbers: list[int] = []
    texts: list[str] = []
    for line_range in chosen:
        numbers.extend(range(line_range.start, line_range.end + 1))
        texts.extend(config.lines[line_range.start - 1 : line_range.end])
    return numbers, texts


# C0 controls other than tab, line breaks and form feed, and DEL: no config
# format uses them as text, an HTML listing shows nothing for them, and
# pdflatex stops at them ("Unicode character U+000B not set up").
_CONTROL = re.compile(rb"[\x01-\x08\x0b\x0e-\x1f\x7f]")


def _decode(path: Path, data: bytes) -> tuple[str, ...]:
    if b"\0" in data:
        line = line_at_offset(data, data.index(b"\0"))
        raise ConfigReadError(f"{path}:{line}: binary file (NUL byte); quote text configs only")
    control = _CONTROL.search(data)
    if control:
        raise ConfigReadError(
            f"{path}:{line_at_offset(data, control.start())}: control character "
            f"U+{control.group()[0]:04X} is not text; remove it or quote text configs only"
        )
    try:
        return split_lines(decode_text(data))
    except UndecodableText as error:
        raise ConfigReadError(f"{path}:{error.line}: {error.message}") from None


def read_config(path: Path) -> ConfigText:
    """The decoded config at ``path``, from the process cache when unchanged."""
    try:
        status = os.stat(path)
    except OSError as error:
        raise ConfigReadError(f"{path}: cannot read ({error.strerror})") from None
    key = (os.fspath(path), status.st_mtime_ns, status.st_size)
    cached = _cache.get(key[0])
    if cached is not None and cached.cache_key == key:
        return cached
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ConfigReadError(f"{path}: cannot read ({error.strerror})") from None
    config = ConfigText(Path(path), _decode(Path(path), data), key, data)
    _cache[key[0]] = config
    return config
