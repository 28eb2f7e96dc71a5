"""``:keys:``: the lines of settings named by their path, found by whoever reads configs.

This package knows no config format. It asks ``env.events.emit_firstresult(
KEYS_EVENT, path, text, option)``; the extension that reads configs
(``sphinx_manifesto``, with the checker's parsers, so a key means what the
checker means by it) answers with the line numbers, or with a message
saying why the option names no setting.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sphinx_configfile.errors import ConfigfileToolError
from sphinx_configfile.excerpt.ranges import LineRange, fold_lines

# (path: str, text: str, option: str) -> the line numbers, or a message (str)
KEYS_EVENT = "configfile-keys"
KEYS_EXTENSION = "sphinx_manifesto"


class KeyQuoteError(ConfigfileToolError, ValueError):
    """A ``:keys:`` value that names no setting of the config; the message says why."""


def key_ranges(events: Any, path: str, text: str, option: str) -> tuple[LineRange, ...]:
    """The ascending line ranges that show the settings named in ``option``."""
    answer: str | Iterable[int] | None = events.emit_firstresult(KEYS_EVENT, path, text, option)
    if answer is None:
        raise KeyQuoteError(
            f":keys: needs an extension that reads config settings "
            f'(add "{KEYS_EXTENSION}" to extensions, or quote by :lines:)'
        )
    if isinstance(answer, str):
        raise KeyQuoteError(answer)
    return fold_lines(answer)
