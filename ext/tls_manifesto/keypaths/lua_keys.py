"""Key paths in prosody.cfg.lua: options, fields of their tables, and host scopes.

``ssl.ciphers`` is the global ``ssl`` table's ``ciphers`` field: the lines
``ssl = {``, the field, and the table's closing ``}``.
``VirtualHost["example.org"].ssl`` is that option in the host's scope, with
the ``VirtualHost "example.org"`` line that opens the scope.
"""

from __future__ import annotations

from tls_manifesto.keypaths.grammar import KeyPath, KeyPathError, Segment
from tls_manifesto.parsers.lua_config import LuaOption, LuaScope, LuaTable, ProsodyConfig

SCOPE_NAMES = ("VirtualHost", "Host", "Component")


def _span(first: int, last: int) -> set[int]:
    return set(range(first, last + 1))


def _scope(config: ProsodyConfig, segment: Segment, key: KeyPath) -> LuaScope:
    kind = "VirtualHost" if segment.name == "Host" else segment.name
    labels = [s.label for s in segment.selectors if s.label is not None]
    if len(segment.selectors) != 1 or not labels:
        raise KeyPathError(f'key {key}: name the {kind}, e.g. {kind}["example.org"]')
    scopes = [s for s in config.scopes if s.kind == kind and s.name == labels[0]]
    if not scopes:
        names = ", ".join(f'"{s.name}"' for s in config.scopes if s.kind == kind) or "none"
        raise KeyPathError(f'key {key}: no {kind} "{labels[0]}" (this config has: {names})')
    if len(scopes) > 1:
        lines = ", ".join(str(s.line) for s in scopes)
        raise KeyPathError(f"key {key}: ambiguous selector, {kind} declared on lines {lines}")
    return scopes[0]


def _option(scope: LuaScope, segment: Segment, key: KeyPath, where: str) -> LuaOption:
    if segment.selectors:
        raise KeyPathError(f"key {key}: {segment} selects nothing (Prosody options are not lists)")
    option = scope.get(segment.name)
    if option is None:
        names = ", ".join(dict.fromkeys(o.name for o in scope.options)) or "nothing"
        raise KeyPathError(f"key {key}: unknown key {segment.name} ({where} sets: {names})")
    return option


def resolve_lua(config: ProsodyConfig, key: KeyPath) -> tuple[set[int], set[int]]:
    """(lines to quote, first lines of the quoted settings themselves)."""
    segments = list(key.segments)
    found: set[int] = set()
    scope, where = config.global_scope, "the global section"
    if segments[0].name in SCOPE_NAMES:
        scope = _scope(config, segments.pop(0), key)
        found.add(scope.line or 1)
        where = f'{scope.kind} "{scope.name}"'
        if not segments:
            raise KeyPathError(f"key {key}: name an option of {where}, e.g. {key}.ssl")
    option = _option(scope, segments.pop(0), key, where)
    value, first, last = option.value, option.line, option.end_line
    path = option.name
    for segment in segments:
        if not isinstance(value, LuaTable):
            raise KeyPathError(f"key {key}: {path} is not a table, it has no {segment.name}")
        field = value.get(segment.name)
        if field is None or segment.selectors:
            names = ", ".join(str(f.key) for f in value.fields if isinstance(f.key, str))
            raise KeyPathError(
                f"key {key}: unknown key {segment} ({path} has: {names or 'no names'})"
            )
        found |= {first, last}  # the table's opening and closing lines
        value, first, last = field.value, field.line, field.end_line
        path = f"{path}.{segment.name}"
    return found | _span(first, last), {first}
