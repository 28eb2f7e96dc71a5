"""Options of ``.. configfile::``, read from the directive block by us, not by docutils.

Why: for a directive with an ``option_spec`` docutils builds a nested state
machine (with every state object) to read the option field list, for each
use. In a guide with thousands of quotes that was the largest part of the
quoting cost. The directive therefore declares no ``option_spec`` and takes
its whole block as one argument; this module splits it into the path and
the ``:name: value`` fields, with the same rules users know from docutils:
one field per line, continuation lines indented, unknown or repeated
options are errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KNOWN_OPTIONS = ("lines", "caption", "name", "language", "class")
_FIELD = re.compile(r"^:([A-Za-z][\w-]*):(?:\s+(.*))?$")


class OptionError(ValueError):
    """A directive block that is not ``path`` followed by known ``:option: value`` lines."""


@dataclass(frozen=True)
class ConfigfileOptions:
    argument: str
    lines: str | None = None
    caption: str | None = None
    name: str | None = None
    language: str | None = None
    classes: tuple[str, ...] = ()


def parse_block(block: str) -> ConfigfileOptions:
    """Split ``"path\\n:lines: 1-3\\n:caption: Title"`` into the path and its options."""
    first, *rest = block.split("\n")
    argument = first.strip()
    if not argument or argument.startswith(":"):
        raise OptionError("no config file given (write the path right after 'configfile::')")
    values: dict[str, str] = {}
    current: str | None = None
    for line in rest:
        field = _FIELD.match(line.strip())
        if field is None or (line[:1].isspace() and current is not None):
            if current is None:
                raise OptionError(f"cannot read option line {line.strip()!r} (write :name: value)")
            values[current] = f"{values[current]} {line.strip()}".strip()
            continue
        current = field.group(1)
        if current not in KNOWN_OPTIONS:
            known = ", ".join(f":{name}:" for name in KNOWN_OPTIONS)
            raise OptionError(f"unknown option :{current}: (known: {known})")
        if current in values:
            raise OptionError(f"option :{current}: given twice")
        values[current] = (field.group(2) or "").strip()
    for required in ("lines", "language"):
        if required in values and not values[required]:
            raise OptionError(f"option :{required}: needs a value")
    return ConfigfileOptions(
        argument=argument,
        lines=values.get("lines"),
        caption=values.get("caption") or None,
        name=values.get("name") or None,
        language=values.get("language"),
        classes=tuple(values.get("class", "").split()),
    )
