"""``$name`` expansion in parameter values, as Postfix's mac_expand does it.

src/util/mac_expand.c (3.5-3.11): ``$name``, ``${name}`` and ``$(name)``
take another parameter's value, itself expanded; ``${name?text}`` gives
text when the parameter is set and not empty, ``${name:text}`` when it is
not; Postfix 3.0 adds ``${name?{text1}:{text2}}``; ``$$`` is one ``$``. An
unbalanced ``{`` or ``(`` is a syntax error, and a parameter that refers
back to itself nests until Postfix gives up ("unreasonable macro call
nesting"), so both stop the checker at the line that sets the value.
A name neither the config nor the checker's defaults know stays written
as ``$name``: the checker does not guess what Postfix would put there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tls_manifesto.model import ConfigError
from tls_manifesto.reading.limits import MAX_NESTING, nesting_error
from tls_manifesto.servers.postfix.main_cf import Parameter

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_CLOSE = {"{": "}", "(": ")"}


@dataclass(frozen=True)
class Known:
    """What a name stands for: a parameter written in the config, or a default."""

    value: str
    parameter: Parameter | None  # None: a default (Postfix's or the service name)


Lookup = Callable[[str], Known | None]


@dataclass
class Expansion:
    text: str = ""
    used: list[Parameter] = field(default_factory=list)  # parameters whose values it took
    unresolved: list[str] = field(default_factory=list)  # names left as $name


def expand(parameter: Parameter, lookup: Lookup) -> Expansion:
    """``parameter``'s value with every ``$name`` replaced; ConfigError on a cycle or bad syntax."""
    result = Expansion()
    result.text = _expand(parameter.value, lookup, parameter, [parameter.name], result)
    return result


def _expand(
    value: str, lookup: Lookup, where: Parameter, chain: list[str], result: Expansion
) -> str:
    out: list[str] = []
    index = 0
    while index < len(value):
        char = value[index]
        if char != "$":
            out.append(char)
            index += 1
            continue
        following = value[index + 1 : index + 2]
        if following == "$":
            out.append("$")
            index += 2
        elif following in _CLOSE:
            end = _matching(value, index + 1, where)
            out.append(_braced(value[index + 2 : end], lookup, where, chain, result))
            index = end + 1
        else:
            end = index + 1
            while end < len(value) and value[end] in _NAME_CHARS:
                end += 1
            name = value[index + 1 : end]
            out.append(_value_of(name, lookup, where, chain, result) if name else "$")
            index = end
    return "".join(out)


def _braced(
    inner: str, lookup: Lookup, where: Parameter, chain: list[str], result: Expansion
) -> str:
    """``name``, ``name?text``, ``name:text`` or ``name?{text1}:{text2}``."""
    name_end = 0
    while name_end < len(inner) and inner[name_end] in _NAME_CHARS:
        name_end += 1
    name, rest = inner[:name_end], inner[name_end:].strip()
    if not name:
        raise ConfigError(
            where.path, where.lines[0], f"{where.name}: ${{{inner}}} names no parameter"
        )
    if not rest:
        return _value_of(name, lookup, where, chain, result)
    operator, text = rest[0], rest[1:].strip()
    if operator not in "?:":
        # Postfix 3.1 relational forms (${{a} == {b}?...}) and the like: not read here.
        result.unresolved.append(f"${{{inner}}}")
        return f"${{{inner}}}"
    when_set, when_empty = _alternatives(operator, text, where)
    known = lookup(name)
    if known is None:
        result.unresolved.append(name)
        return f"${{{inner}}}"
    if known.parameter is not None:
        result.used.append(known.parameter)
    chosen = when_set if known.value else when_empty
    return _expand(chosen, lookup, where, chain, result)


def _alternatives(operator: str, text: str, where: Parameter) -> tuple[str, str]:
    """(text when the parameter is set, text when it is empty or unset)."""
    if operator == "?" and text.startswith("{"):
        end = _matching(text, 0, where)
        first, rest = text[1:end].strip(), text[end + 1 :].strip()
        second = ""
        if rest.startswith(":"):
            rest = rest[1:].strip()
            second = rest[1 : _matching(rest, 0, where)].strip() if rest.startswith("{") else rest
        return first, second
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    return (text, "") if operator == "?" else ("", text)


def _value_of(
    name: str, lookup: Lookup, where: Parameter, chain: list[str], result: Expansion
) -> str:
    if name in chain:
        loop = " -> ".join(f"${n}" for n in [*chain[chain.index(name) :], name])
        raise ConfigError(
            where.path,
            where.lines[0],
            f"{where.name} refers back to itself ({loop}); Postfix stops with"
            ' "unreasonable macro call nesting" (break the cycle)',
        )
    if len(chain) > MAX_NESTING:
        raise nesting_error(where.path, where.lines[0])
    known = lookup(name)
    if known is None:
        result.unresolved.append(name)
        return f"${name}"
    source = where
    if known.parameter is not None:
        result.used.append(known.parameter)
        source = known.parameter
    return _expand(known.value, lookup, source, [*chain, name], result)


def _matching(value: str, start: int, where: Parameter) -> int:
    """The index of the bracket closing the one at ``start`` (counted, not recursed)."""
    opening = value[start]
    closing = _CLOSE[opening]
    depth = 0
    for index in range(start, len(value)):
        char = value[index]
        if char == opening:
            depth += 1
            if depth > MAX_NESTING:
                raise nesting_error(where.path, where.lines[0])
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index
    raise ConfigError(
        where.path,
        where.lines[0],
        f"{where.name}: '{opening}' after '$' is never closed by '{closing}' (close it)",
    )
