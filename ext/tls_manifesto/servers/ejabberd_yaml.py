"""ejabberd.yml tree -> ``EjabberdOptions`` (ejabberd 13.12 and later).

``define_macro`` values are substituted where a scalar names a macro, as
ejabberd does (ejabberd docs, "Configuration File: Macros"); the evidence
then includes the macro definition. ``include_config_file`` and per-host
sections (``host_config``, ``append_host_config``) are recorded as not followed.
"""

from __future__ import annotations

from typing import Any

from tls_manifesto.model import ConfigError
from tls_manifesto.parsers.yaml_config import YamlMap, YamlNode, YamlScalar, YamlSeq
from tls_manifesto.servers.ejabberd_options import NOT_FOLLOWED, EjabberdOptions, Listener, Opt


class _Reader:
    def __init__(self, path: str, macros: dict[str, Opt]) -> None:
        self.path = path
        self.macros = macros

    def opt(self, node: YamlNode, key_line: int) -> Opt:
        value, lines = self.plain(node)
        return Opt(value, tuple(sorted({key_line, *lines})))

    def plain(self, node: YamlNode) -> tuple[Any, set[int]]:
        if isinstance(node, YamlScalar):
            macro = self.macros.get(node.value) if isinstance(node.value, str) else None
            if macro is not None:
                return macro.value, {*node.lines, *macro.lines}
            return node.value, set(node.lines)
        if isinstance(node, YamlSeq):
            values, lines = [], {node.line}
            for item in node.items:
                value, item_lines = self.plain(item)
                values.append(value)
                lines |= item_lines
            return values, lines
        mapping: dict[Any, Any] = {}
        lines = {node.line}
        for key, item in node.items:
            value, item_lines = self.plain(item)
            mapping[key.value] = value
            lines |= item_lines | {key.line}
        return mapping, lines


def read_yaml_options(tree: YamlMap, path: str) -> EjabberdOptions:
    macros = _read_macros(tree, path)
    reader = _Reader(path, macros)
    globals_: dict[str, Opt] = {}
    listeners: tuple[Listener, ...] = ()
    not_followed: list[tuple[int, str]] = []
    for key, node in tree.items:
        name = str(key.value)
        if name == "listen":
            listeners = _read_listeners(node, reader, path)
        elif name in NOT_FOLLOWED:
            not_followed.append((key.line, name))
        elif name != "define_macro":
            globals_[name] = reader.opt(node, key.line)
    return EjabberdOptions(globals_, listeners, tuple(not_followed))


def _read_macros(tree: YamlMap, path: str) -> dict[str, Opt]:
    node = tree.get("define_macro")
    if node is None:
        return {}
    if not isinstance(node, YamlMap):
        raise ConfigError(path, node.line, "define_macro must be a mapping of NAME: value")
    plain_reader = _Reader(path, {})
    return {str(key.value): plain_reader.opt(value, key.line) for key, value in node.items}


def _read_listeners(node: YamlNode, reader: _Reader, path: str) -> tuple[Listener, ...]:
    if not isinstance(node, YamlSeq):
        raise ConfigError(path, node.line, "listen must be a list of listeners (- port: ...)")
    listeners = []
    for entry in node.items:
        if not isinstance(entry, YamlMap):
            raise ConfigError(path, entry.line, "a listener must be a mapping (port:, module:)")
        options = {str(key.value): reader.opt(value, key.line) for key, value in entry.items}
        port = options.pop("port", None)
        module = options.pop("module", None)
        if port is None or module is None:
            raise ConfigError(path, entry.line, "a listener needs both port: and module:")
        listeners.append(Listener(port, str(module.value), options, entry.line))
    return tuple(listeners)
