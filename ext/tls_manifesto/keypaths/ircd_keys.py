"""Key paths in ircd.conf: ``block.item``, a block picked by label or setting when several.

``serverinfo.ssl_cipher_list`` gives ``serverinfo {``, the item and the
block's closing ``};``. Without a selector a key is quoted from every block
of that name that sets it (``listen.sslport``: each TLS listener); a
selector picks one block: ``listen[host="192.0.2.10"].sslport``,
``listen[2].sslport``, or by label ``connect["hub.example.net"].flags``.
Every setting of the key in a block is quoted (a ``listen`` block may list
several ports).
"""

from __future__ import annotations

from tls_manifesto.keypaths.grammar import KeyPath, KeyPathError, Segment, Selector
from tls_manifesto.parsers.ircd_conf import IrcdBlock, IrcdConf


def _item_text(block: IrcdBlock, key: str) -> list[str]:
    return [
        ", ".join(str(v.value) for v in item.values)
        for item in block.items
        if item.key == key.lower()
    ]


def _matches(block: IrcdBlock, selector: Selector) -> bool:
    if selector.label is not None:
        return block.label == selector.label
    return selector.value in _item_text(block, selector.key or "")


def _blocks(conf: IrcdConf, segment: Segment, key: KeyPath) -> list[IrcdBlock]:
    blocks = list(conf.blocks_named(segment.name))
    if not blocks:
        names = ", ".join(dict.fromkeys(b.name for b in conf.blocks))
        raise KeyPathError(f"key {key}: unknown block {segment.name} (this config has: {names})")
    for selector in segment.selectors:
        if selector.index is not None:
            if selector.index > len(blocks):
                raise KeyPathError(f"key {key}: there are {len(blocks)} {segment.name} blocks")
            blocks = [blocks[selector.index - 1]]
        else:
            blocks = [b for b in blocks if _matches(b, selector)]
    if not blocks:
        raise KeyPathError(f"key {key}: no {segment.name} block matches {segment}")
    if segment.selectors and len(blocks) > 1:
        lines = ", ".join(str(b.line) for b in blocks)
        raise KeyPathError(
            f"key {key}: ambiguous selector, {len(blocks)} {segment.name} blocks match {segment} "
            f"(lines {lines}); add a selector or use {segment.name}[N]"
        )
    return blocks


def resolve_ircd(conf: IrcdConf, key: KeyPath) -> tuple[set[int], set[int]]:
    """(lines to quote, first lines of the quoted settings themselves)."""
    if len(key.segments) > 2:
        raise KeyPathError(f"key {key}: ircd.conf keys are block.item (two parts)")
    blocks = _blocks(conf, key.segments[0], key)
    if len(key.segments) == 1:
        spans = {n for block in blocks for n in range(block.line, block.end_line + 1)}
        return spans, {block.line for block in blocks}
    segment = key.segments[1]
    if segment.selectors:
        raise KeyPathError(f"key {key}: {segment} selects nothing (items are not lists)")
    found: set[int] = set()
    leaves: set[int] = set()
    for block in blocks:
        items = [item for item in block.items if item.key == segment.name.lower()]
        if items:
            found |= {block.line, block.end_line}
            found |= {n for item in items for n in item.lines}
            leaves |= {item.line for item in items}
    if not found:
        names = ", ".join(dict.fromkeys(i.key for b in blocks for i in b.items))
        where = f"{blocks[0].name} on line {blocks[0].line}" if len(blocks) == 1 else None
        where = where or f"the {blocks[0].name} blocks"
        raise KeyPathError(f"key {key}: unknown key {segment.name} ({where} has: {names})")
    return found, leaves
