"""Build ``Evidence`` and ``Setting`` values from line numbers of the files of a config."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from tls_manifesto.model import Evidence, Setting

T = TypeVar("T")


@dataclass(frozen=True, order=True)
class At:
    """A line of one of the files a config is read from (the main file or an include)."""

    path: str
    line: int


Line = int | At  # a bare number is a line of the main file


class EvidenceSource:
    """The lines of a config's files, to quote as evidence.

    ``path``/``lines`` is the main file; ``others`` holds the lines of every
    included file by its path, so a value set in ``ports.yml`` is cited there.
    """

    def __init__(
        self,
        path: str,
        lines: Sequence[str],
        others: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.path = path
        self.lines = lines
        self.files: dict[str, Sequence[str]] = {path: lines, **(others or {})}

    def at(self, line_numbers: Iterable[Line]) -> tuple[Evidence, ...]:
        located = {n if isinstance(n, At) else At(self.path, n) for n in line_numbers}
        found = []
        for where in sorted(located, key=self._order):
            text = self.files.get(where.path, ())
            if 0 < where.line <= len(text):
                found.append(Evidence(where.path, where.line, text[where.line - 1].rstrip()))
        return tuple(found)

    def setting(self, value: T, line_numbers: Iterable[Line]) -> Setting[T]:
        return Setting(value, self.at(line_numbers))

    def _order(self, where: At) -> tuple[int, int]:
        """Main file first, then includes in reading order; by line within a file."""
        return (list(self.files).index(where.path), where.line)
