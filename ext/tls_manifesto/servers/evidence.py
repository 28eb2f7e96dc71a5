"""Build ``Evidence`` and ``Setting`` values from line numbers of a config file."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from tls_manifesto.model import Evidence, Setting

T = TypeVar("T")


class EvidenceSource:
    """The lines of one config file, to quote as evidence."""

    def __init__(self, path: str, lines: Sequence[str]) -> None:
        self.path = path
        self.lines = lines

    def at(self, line_numbers: Iterable[int]) -> tuple[Evidence, ...]:
        return tuple(
            Evidence(self.path, number, self.lines[number - 1].rstrip())
            for number in sorted(set(line_numbers))
            if 0 < number <= len(self.lines)
        )

    def setting(self, value: T, line_numbers: Iterable[int]) -> Setting[T]:
        return Setting(value, self.at(line_numbers))
