"""The lines of ``:keys:``: settings named by their path in a config, read by the checker's parsers.

The engine detects the config's format and asks its family's resolver
(``ServerFamily`` formats' ``resolve_keys``); the grammar and the resolvers
of the shared formats live in ``tls_manifesto.keypaths``.

``resolve_keys(path, text, "listen[port=5222].starttls_required, s2s_use_starttls")``
returns the sorted line numbers that show those settings, with the lines
that open (and, for braces, close) what encloses them and the comment lines
right above each setting (and blank lines between quoted lines), so an
excerpt reads correctly. The grammar is in
``keypaths/grammar.py``; each format has a resolver over its parser's located tree.
Every failure is a ``KeyPathError`` whose message says what is wrong and
what to write instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from hardening_guide_tools.config_text import split_lines

from tls_manifesto.engine.detect import detect_kind
from tls_manifesto.keypaths.grammar import KeyPathError, parse_keys
from tls_manifesto.model import ConfigError
from tls_manifesto.servers import registry

__all__ = ["KeyPathError", "resolve_keys"]


def supported() -> str:
    """The configs whose settings :keys: can name, for messages."""
    return ", ".join(f.shown_name for _, f in registry.formats() if f.resolve_keys is not None)


def leading_comments(lines: Sequence[str], first: int, prefixes: tuple[str, ...]) -> set[int]:
    """The comment lines directly above line ``first`` (up to a blank or other line)."""
    found: set[int] = set()
    number = first - 1
    while number >= 1 and lines[number - 1].strip().startswith(prefixes):
        found.add(number)
        number -= 1
    return found


def resolve_keys(path: str, text: str, option: str) -> tuple[int, ...]:
    """The lines that show the settings named in ``option`` (comma-separated key paths)."""
    keys = parse_keys(option)
    try:
        kind = detect_kind(path, text)
    except ConfigError:
        raise KeyPathError(
            f":keys: needs a config the checker can parse ({supported()}); use :lines:"
        ) from None
    found_format = registry.family_of_kind(kind)
    assert found_format is not None  # detect_kind returns registered kinds only
    _, config_format = found_format
    if config_format.resolve_keys is None:
        raise KeyPathError(
            f":keys: does not support {kind} configs (supported: {supported()}); use :lines:"
        )
    lines = split_lines(text)
    found: set[int] = set()
    try:
        resolved = config_format.resolve_keys(path, text, keys)
    except ConfigError as error:
        raise KeyPathError(f"cannot resolve :keys: in an unreadable config: {error}") from None
    for key_lines, leaves in resolved:
        found |= key_lines
        for leaf in leaves:
            found |= leading_comments(lines, leaf, config_format.comment_prefixes)
    return tuple(sorted(_bridge_blank_gaps(found, lines)))


def _bridge_blank_gaps(found: set[int], lines: Sequence[str]) -> set[int]:
    """Quote the blank lines between two quoted lines too: a gap note for a blank is noise."""
    numbers = sorted(n for n in found if 1 <= n <= len(lines))
    bridged = set(numbers)
    for before, after in zip(numbers, numbers[1:], strict=False):
        between = range(before + 1, after)
        if between and all(not lines[n - 1].strip() for n in between):
            bridged.update(between)
    return bridged
