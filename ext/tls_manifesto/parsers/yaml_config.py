"""ejabberd.yml (ejabberd 13.12 and later) -> a tree of located YAML values.

The file is composed into nodes with ruamel.yaml's safe composer and then
walked by hand, so no Python object is ever constructed from a tag: only the
YAML core tags are accepted and anything else (``!!python/object``, custom
tags) is a located error.

Aliases and merge keys are read as ejabberd's YAML reader reads them, not as
YAML 1.1 would: fast_yaml hands an alias back as the anchor's name
(c_src/fast_yaml.c ``make_alias`` @ 1.0.40, f322e4b; measured with Debian's
erlang-p1-yaml 1.0.36: ``ciphers: *strong`` gives ``<<"strong">>``), so an
alias is a scalar holding that name, marked ``alias`` for the ejabberd reader
to report. No alias expands, so a "billion laughs" document is small; a file
of more than ``NODE_BUDGET`` values is still refused. fast_yaml has no merge
keys (``<<: *x`` is an option named ``<<``), so a merge key is a located error.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from ruamel.yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tls_manifesto.model import ConfigError
from tls_manifesto.reading.limits import MAX_NESTING, nesting_error

# Far more values than any ejabberd.yml within the file size limit holds.
NODE_BUDGET = 200_000

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}

Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class YamlScalar:
    value: Scalar
    line: int  # 1-based
    end_line: int = field(default=0, compare=False)  # last line of a multi-line scalar
    alias: bool = field(default=False, compare=False)  # *name, read as the text "name"

    @property
    def lines(self) -> range:
        return range(self.line, max(self.line, self.end_line) + 1)


@dataclass(frozen=True)
class YamlSeq:
    items: tuple[YamlNode, ...]
    line: int


@dataclass(frozen=True)
class YamlMap:
    items: tuple[tuple[YamlScalar, YamlNode], ...]
    line: int

    def get(self, key: str) -> YamlNode | None:
        """The value of ``key``; the last one when the key is repeated."""
        for item_key, value in reversed(self.items):
            if item_key.value == key:
                return value
        return None

    def key_line(self, key: str) -> int | None:
        for item_key, _ in reversed(self.items):
            if item_key.value == key:
                return item_key.line
        return None


YamlNode = YamlScalar | YamlSeq | YamlMap


class _NestingTooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _AliasNode(ScalarNode):
    """``*name`` where fast_yaml reads the text ``name``."""


class _DepthLimitedComposer(Composer):
    """ruamel's composer, refusing nodes nested past ``MAX_NESTING``.

    Its ``compose_node`` recurses once per level (three Python frames), so a
    flow list 20,000 deep would end in RecursionError; this stops at the
    first node too deep, with its line. (Newer ruamel.yaml has
    ``YAML().max_depth`` for this; 0.18.0, the oldest release we support,
    does not.)
    """

    _nesting = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.get_event()
            return _AliasNode(f"{_CORE}str", event.anchor, event.start_mark, event.end_mark)
        if not self.parser.check_event(SequenceStartEvent, MappingStartEvent):
            return super().compose_node(parent, index)  # a scalar or alias adds no level
        self._nesting += 1
        try:
            if self._nesting > MAX_NESTING:
                raise _NestingTooDeep(self.parser.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._nesting -= 1


def parse_yaml(text: str, path: str) -> YamlMap:
    """Parse one ejabberd.yml document; the top level must be a mapping."""
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _DepthLimitedComposer
    try:
        with warnings.catch_warnings():
            # ruamel prints a many-line warning for an anchor name used twice; fast_yaml
            # ignores anchors, so the name means nothing to ejabberd.
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            documents = list(yaml.compose_all(text))
    except _NestingTooDeep as error:
        raise nesting_error(path, error.line) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        raise ConfigError(path, line, f"{problem} (fix the YAML syntax)") from None
    except YAMLError as error:
        raise ConfigError(path, None, f"invalid YAML: {error}") from None
    if not documents or documents[0] is None:
        return YamlMap(items=(), line=1)
    if len(documents) > 1:
        second = documents[1]
        line = second.start_mark.line + 1 if second is not None else None
        raise ConfigError(path, line, "more than one YAML document (ejabberd reads only one)")
    tree = _Walker(path).walk(documents[0])
    if not isinstance(tree, YamlMap):
        raise ConfigError(path, tree.line, "the top level of ejabberd.yml must be a mapping")
    return tree


class _Walker:
    def __init__(self, path: str) -> None:
        self.path = path
        self.nodes = 0

    def walk(self, node: Node) -> YamlNode:
        self._count(node)
        line = node.start_mark.line + 1
        if isinstance(node, ScalarNode):
            # A block scalar's end mark sits at column 0 of the line after it.
            end = node.end_mark.line + (1 if node.end_mark.column > 0 else 0)
            alias = isinstance(node, _AliasNode)
            return YamlScalar(_scalar_value(node, self.path), line, end, alias)
        if isinstance(node, SequenceNode):
            self._require_tag(node, f"{_CORE}seq")
            return YamlSeq(tuple(self.walk(item) for item in node.value), line)
        if isinstance(node, MappingNode):
            self._require_tag(node, f"{_CORE}map")
            return self._walk_map(node, line)
        raise ConfigError(self.path, line, f"unsupported YAML node {type(node).__name__}")

    def _walk_map(self, node: MappingNode, line: int) -> YamlMap:
        # A repeated key is kept: ejabberd reads the file (fast_yaml returns every
        # pair) and keeps the last value, and the ejabberd reader warns about it.
        items: list[tuple[YamlScalar, YamlNode]] = []
        for key_node, value_node in node.value:
            key = self.walk(key_node)
            if not isinstance(key, YamlScalar):
                raise ConfigError(self.path, key.line, "a mapping key must be a plain value")
            items.append((key, self.walk(value_node)))
        return YamlMap(tuple(items), line)

    def _count(self, node: Node) -> None:
        self.nodes += 1
        if self.nodes > NODE_BUDGET:
            raise ConfigError(
                self.path,
                node.start_mark.line + 1,
                f"more than {NODE_BUDGET} values (no server config holds that many)",
            )

    def _require_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            raise ConfigError(
                self.path, node.start_mark.line + 1, f"unsupported YAML tag {node.tag!r}"
            )


_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


def _scalar_value(node: ScalarNode, path: str) -> Scalar:
    tag = node.tag
    text = node.value
    line = node.start_mark.line + 1
    if tag == f"{_CORE}merge":
        raise ConfigError(
            path,
            line,
            "merge key '<<': ejabberd's YAML reader (fast_yaml) has no merge keys and reads"
            " an option named '<<' (write the options out)",
        )
    if tag not in _SCALAR_TAGS:
        raise ConfigError(path, line, f"unsupported YAML tag {tag!r} (remove the tag)")
    try:
        if tag == f"{_CORE}int":
            digits = text.replace("_", "")
            base = 0 if digits.lstrip("+-").lower().startswith(("0x", "0o")) else 10
            return int(digits, base)
        if tag == f"{_CORE}float":
            return float(text.replace("_", "").replace(".inf", "inf").replace(".nan", "nan"))
        if tag == f"{_CORE}bool":
            return text in _TRUE
        if tag == f"{_CORE}null":
            return None
    except ValueError:
        raise ConfigError(path, line, f"cannot read {text!r} as {tag[len(_CORE) :]}") from None
    return text
