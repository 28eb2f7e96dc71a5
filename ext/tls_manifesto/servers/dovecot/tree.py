"""The statement stream -> nested sections, matched up as the server matches them.

Dovecot keeps one stack of open sections across every file it reads
(config-parser.c: cur_section), so a ``}`` closes the innermost section open
at that point, whichever file opened it; a ``}`` with none open is
"Unexpected '}'", and a section still open at the end is "Missing '}'
(section started at FILE:LINE)". Both are located errors here, as is
nesting past ``MAX_NESTING`` (checked as sections open, so a 20,000-level
file costs no recursion).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tls_manifesto.model import ConfigError
from tls_manifesto.reading.limits import MAX_NESTING, nesting_error
from tls_manifesto.servers.dovecot.syntax import Statement


@dataclass
class Section:
    """``kind name { ... }``; the root section has kind "" and holds the top-level lines."""

    kind: str
    name: str
    path: str
    line: int
    items: list[Section | Statement] = field(default_factory=list)
    end_line: int = 0  # the line of its '}' (in the file that closes it)


def build_tree(main: str, statements: tuple[Statement, ...]) -> Section:
    root = Section("", "", main, 0)
    open_sections = [root]
    for statement in statements:
        if statement.kind == "section":
            if len(open_sections) > MAX_NESTING:
                raise nesting_error(statement.path, statement.line)
            section = Section(statement.key, statement.value, statement.path, statement.line)
            open_sections[-1].items.append(section)
            open_sections.append(section)
        elif statement.kind == "end":
            if len(open_sections) == 1:
                raise ConfigError(
                    statement.path, statement.line, "unexpected '}' (no section is open here)"
                )
            open_sections.pop().end_line = statement.line
        else:
            open_sections[-1].items.append(statement)
    if len(open_sections) > 1:
        unclosed = open_sections[-1]
        title = f"{unclosed.kind} {unclosed.name}".strip()
        raise ConfigError(
            unclosed.path, unclosed.line, f"missing '}}' for section {title!r} opened here"
        )
    return root
