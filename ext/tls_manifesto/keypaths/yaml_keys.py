"""Key paths in ejabberd.yml: mapping keys, and list items picked by a selector.

``listen[port=5222].starttls_required`` gives the ``listen:`` line, the line
that opens the listener (its ``-``), the selector's own line (``port:
5222``) and the ``starttls_required`` line. A key's lines run to the end of
its value (every item of ``c2s_protocol_options``).
"""

from __future__ import annotations

from collections.abc import Sequence

from tls_manifesto.keypaths.grammar import KeyPath, KeyPathError, Selector
from tls_manifesto.parsers.yaml_config import YamlMap, YamlNode, YamlScalar, YamlSeq


def extent(node: YamlNode, lines: Sequence[str]) -> set[int]:
    """Every line a value occupies (for a list, with each item's ``-`` line)."""
    if isinstance(node, YamlScalar):
        return set(node.lines)
    if isinstance(node, YamlSeq):
        found = {node.line}
        for item in node.items:
            found.add(dash_line(item, lines))
            found |= extent(item, lines)
        return found
    found = {node.line}
    for key, value in node.items:
        found |= set(key.lines) | extent(value, lines)
    return found


def dash_line(item: YamlNode, lines: Sequence[str]) -> int:
    """The line of the ``-`` that opens a block list item (its first line if inline)."""
    number = item.line
    while number >= 1:
        text = lines[number - 1].strip()
        if text.startswith("-"):
            return number
        if number != item.line and text and not text.startswith("#"):
            break
        number -= 1
    return item.line


def _scalar_text(node: YamlNode | None) -> str | None:
    if not isinstance(node, YamlScalar):
        return None
    value = node.value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _pick(seq: YamlSeq, selector: Selector, where: str) -> YamlMap | YamlNode:
    if selector.label is not None:
        raise KeyPathError(f"{where}: YAML list items have no label (write [setting=value] or [N])")
    if selector.index is not None:
        if selector.index > len(seq.items):
            raise KeyPathError(f"{where}: the list has {len(seq.items)} items")
        return seq.items[selector.index - 1]
    matching = [
        item
        for item in seq.items
        if isinstance(item, YamlMap)
        and _scalar_text(item.get(selector.key or "")) == selector.value
    ]
    if not matching:
        seen = sorted(
            {
                text
                for item in seq.items
                if isinstance(item, YamlMap)
                and (text := _scalar_text(item.get(selector.key or ""))) is not None
            }
        )
        known = f" (values here: {', '.join(seen)})" if seen else ""
        raise KeyPathError(f"{where}: no item has {selector.key}={selector.value}{known}")
    if len(matching) > 1:
        starts = ", ".join(str(item.line) for item in matching)
        raise KeyPathError(
            f"{where}: ambiguous selector, {len(matching)} items match (lines {starts});"
            " add a selector or use [N]"
        )
    return matching[0]


def resolve_yaml(tree: YamlMap, lines: Sequence[str], key: KeyPath) -> tuple[set[int], set[int]]:
    """(lines to quote, first lines of the quoted settings themselves)."""
    return _resolve(tree, lines, key, 0)


def _resolve(
    node: YamlNode, lines: Sequence[str], key: KeyPath, depth: int
) -> tuple[set[int], set[int]]:
    """The lines of ``key.segments[depth:]`` under ``node``, and where the setting starts."""
    if depth == len(key.segments):
        return extent(node, lines), set()
    segment = key.segments[depth]
    where = f"key {key}"
    if isinstance(node, YamlSeq):
        return _every_item(node, lines, key, depth)
    if not isinstance(node, YamlMap):
        raise KeyPathError(f"{where}: {key.prefix(depth)} is a value, it has no {segment.name}")
    pairs = [(k, v) for k, v in node.items if _scalar_text(k) == segment.name]
    if not pairs:
        names = ", ".join(dict.fromkeys(str(_scalar_text(k)) for k, _ in node.items))
        scope = key.prefix(depth) or "the top level"
        raise KeyPathError(f"{where}: unknown key {segment.name} ({scope} has: {names})")
    item_key, value = pairs[-1]  # ejabberd keeps the last of repeated keys
    found, start = set(item_key.lines), item_key.line
    for selector in segment.selectors:
        if not isinstance(value, YamlSeq):
            raise KeyPathError(f"{where}: {segment.name} is not a list; {selector} selects nothing")
        picked = _pick(value, selector, where)
        start = dash_line(picked, lines)
        found.add(start)
        if selector.key is not None and isinstance(picked, YamlMap):
            chosen = [k for k, _ in picked.items if _scalar_text(k) == selector.key]
            found |= set(chosen[-1].lines)
        value = picked
    inner, leaves = _resolve(value, lines, key, depth + 1)
    if depth == len(key.segments) - 1:
        # The setting itself: every line from its key (or item) to its value's end.
        inner, leaves = set(range(start, max(inner | {start}) + 1)), {start}
    return found | inner, leaves


def _every_item(
    seq: YamlSeq, lines: Sequence[str], key: KeyPath, depth: int
) -> tuple[set[int], set[int]]:
    """A list without a selector: the key in every item that has it (none: the first error)."""
    found: set[int] = set()
    leaves: set[int] = set()
    first_error: KeyPathError | None = None
    for item in seq.items:
        try:
            inner, item_leaves = _resolve(item, lines, key, depth)
        except KeyPathError as error:
            first_error = first_error or error
            continue
        found |= {dash_line(item, lines)} | inner
        leaves |= item_leaves
    if not found:
        raise first_error or KeyPathError(f"key {key}: {key.prefix(depth)} is an empty list")
    return found, leaves
