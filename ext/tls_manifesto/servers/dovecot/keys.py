"""Key paths in dovecot.conf for ``:keys:``: ``setting``, or sections down to a setting.

``ssl_cipher_list`` quotes the top-level line; ``protocol["imap"].ssl`` the
``ssl`` line of the ``protocol imap`` block with the block's opening and
closing lines; ``service["imap-login"].inet_listener["imaps"]`` a whole
block. A section is picked by its name (``["imaps"]``), its position
(``[2]``) or a setting in it (``[port=993]``); without a selector, every
section of that kind that sets the key is quoted. Only the quoted file is
read: a quote shows one file's lines, whatever it includes.
"""

from __future__ import annotations

from collections.abc import Sequence

from tls_manifesto.keypaths.grammar import KeyPath, KeyPathError, Segment, Selector
from tls_manifesto.servers.dovecot.syntax import Statement, parse_statements
from tls_manifesto.servers.dovecot.tree import Section, build_tree

# A section with the sections that enclose it, outermost first (the root left out).
Located = tuple[Section, tuple[Section, ...]]


def resolve_dovecot_keys(
    path: str, text: str, keys: Sequence[KeyPath]
) -> list[tuple[set[int], set[int]]]:
    root = build_tree(path, tuple(parse_statements(path, text)))
    return [_resolve(root, key) for key in keys]


def _resolve(root: Section, key: KeyPath) -> tuple[set[int], set[int]]:
    """(lines to quote, first lines of the quoted settings or sections)."""
    scopes: list[Located] = [(root, ())]
    for segment in key.segments[:-1]:
        scopes = _sections(scopes, segment, key)
    last = key.segments[-1]
    found: set[int] = set()
    leaves: set[int] = set()
    if not last.selectors:
        for scope, outer in scopes:
            settings = [s for s in _settings(scope) if s.key == last.name]
            if settings:
                found |= _frame(scope, outer) | {s.line for s in settings}
                leaves |= {s.line for s in settings}
    if found:
        return found, leaves
    for section, outer in _sections(scopes, last, key):
        found |= _frame(section, outer) | set(range(section.line, section.end_line + 1))
        leaves.add(section.line)
    return found, leaves


def _settings(section: Section) -> list[Statement]:
    return [item for item in section.items if isinstance(item, Statement)]


def _frame(section: Section, outer: tuple[Section, ...]) -> set[int]:
    """The opening and closing lines of ``section`` and of every section around it."""
    return {n for s in (*outer, section) if s.kind for n in (s.line, s.end_line)}


def _sections(scopes: list[Located], segment: Segment, key: KeyPath) -> list[Located]:
    found = [
        (item, (*outer, scope) if scope.kind else outer)
        for scope, outer in scopes
        for item in scope.items
        if isinstance(item, Section) and item.kind == segment.name
    ]
    if not found:
        raise KeyPathError(f"key {key}: no setting or section named {segment.name} there")
    for selector in segment.selectors:
        if selector.index is not None:
            if selector.index > len(found):
                raise KeyPathError(f"key {key}: there are {len(found)} {segment.name} sections")
            found = [found[selector.index - 1]]
        else:
            found = [(s, outer) for s, outer in found if _matches(s, selector)]
    if not found:
        raise KeyPathError(f"key {key}: no {segment.name} section matches {segment}")
    if segment.selectors and len(found) > 1:
        lines = ", ".join(str(section.line) for section, _ in found)
        raise KeyPathError(
            f"key {key}: ambiguous selector, {len(found)} {segment.name} sections match "
            f"{segment} (lines {lines}); add a selector or use {segment.name}[N]"
        )
    return found


def _matches(section: Section, selector: Selector) -> bool:
    if selector.label is not None:
        return section.name == selector.label
    return any(s.key == selector.key and s.value == selector.value for s in _settings(section))
