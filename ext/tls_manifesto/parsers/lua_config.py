"""prosody.cfg.lua -> scopes of located options, parsed with a real Lua parser.

Prosody reads its config as Lua in which ``VirtualHost "name"`` and
``Component "name" "module"`` start a new scope: options set after them apply
to that host or component until the next one (Prosody docs, "Configuring
Prosody": "Adding a host"). ``Include "file"`` is recorded with its line;
``tls_manifesto.servers.prosody.files`` follows it. ``host``, ``component``
and ``include`` are the same functions (Prosody 0.12.3 and 13.0
core/configmanager.lua: ``env.Host, env.host = env.VirtualHost, ...``).
Values that are not literals (``"/etc/" .. domain``, ``ENV_CIPHERS``) keep
their source text, and every other statement (``if``, a call, ``ssl.ciphers
= ...``) is kept as written with its line: the reader does not run Lua, so
``tls_manifesto.servers.prosody.unevaluated`` says what it could not judge.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
from dataclasses import dataclass

from hardening_guide_tools.config_text import split_lines
from luaparser import ast, astnodes

from tls_manifesto.model import ConfigError
from tls_manifesto.parsers.lua_nesting import check_lua_shape

_SCOPE_CALLS = {"VirtualHost": "VirtualHost", "Host": "VirtualHost", "host": "VirtualHost",
                "Component": "Component", "component": "Component"}  # fmt: skip
_INCLUDE_CALLS = {"Include", "include"}


@dataclass(frozen=True)
class LuaExpression:
    """A value that is not a literal; kept as written."""

    text: str


@dataclass(frozen=True)
class LuaField:
    key: str | int | LuaExpression  # positional fields get 1, 2, ...; [expr] keys stay text
    value: LuaValue
    line: int
    end_line: int
    path: str = ""  # the file it is written in (a config may Include others)


@dataclass(frozen=True)
class LuaTable:
    fields: tuple[LuaField, ...]

    def get(self, key: str) -> LuaField | None:
        found = [field for field in self.fields if field.key == key]
        return found[-1] if found else None

    def positional(self) -> tuple[LuaValue, ...]:
        return tuple(field.value for field in self.fields if isinstance(field.key, int))


LuaValue = str | int | float | bool | None | LuaTable | LuaExpression


@dataclass(frozen=True)
class LuaOption:
    name: str
    value: LuaValue
    line: int
    end_line: int
    path: str = ""  # the file it is written in (a config may Include others)


@dataclass(frozen=True)
class LuaScope:
    kind: str  # "global", "VirtualHost", "Component"
    name: str | None
    module: str | None  # a Component's module ("muc"), else None
    line: int | None  # the VirtualHost/Component line; None for the global scope
    options: tuple[LuaOption, ...]
    path: str = ""  # the file the VirtualHost/Component line is in

    def get(self, name: str) -> LuaOption | None:
        """The option's last setting; ``name = nil`` unsets it (configmanager.lua set())."""
        found = [option for option in self.options if option.name == name]
        return found[-1] if found and found[-1].value is not None else None


@dataclass(frozen=True)
class ProsodyConfig:
    scopes: tuple[LuaScope, ...]  # the global scope first
    includes: tuple[tuple[int, str], ...]  # (line, pattern), not followed
    # Lua statements that set no option the reader can see: (line, source text)
    not_interpreted: tuple[tuple[int, str], ...]

    @property
    def global_scope(self) -> LuaScope:
        return self.scopes[0]


def parse_prosody_config(text: str, path: str) -> ProsodyConfig:
    chunk = _parse_lua(text, path)
    builder = _ScopeBuilder(text, path)
    for statement in chunk.body.body:
        builder.add(statement)
    return builder.result()


def _parse_lua(text: str, path: str) -> astnodes.Chunk:
    if text.startswith("\ufeff"):
        # Prosody (util/envload.lua) hands the file's text to Lua's load(), which,
        # unlike lua_loadfile, does not skip a BOM (Lua 5.4 here: "unexpected
        # symbol near '<\239>'"), so the server refuses the file.
        raise ConfigError(
            path, 1, "starts with a byte-order mark, which Prosody's Lua refuses (save without BOM)"
        )
    check_lua_shape(text, path)
    noise = io.StringIO()  # luaparser's lexer also prints its errors to stderr
    try:
        with contextlib.redirect_stderr(noise):
            return ast.parse(text)
    except ast.SyntaxException as error:
        line, what = _syntax_error_location(error, text)
        raise ConfigError(path, line, f"Lua syntax error: {what} (fix the Lua syntax)") from None
    except ValueError as error:
        # luaparser reads numbers with Python's float(), which has no hex floats
        # (0x1p4, 0x.8, valid Lua 5.2+): name the literal at its line.
        raise _unreadable_number(error, text, path) from None
    except RecursionError:
        # check_lua_shape bounds nesting and call chains; a very long operator
        # chain (a .. b .. c ... thousands of times) can still recurse too deep.
        raise ConfigError(path, None, "an expression too long or deep for the Lua reader") from None


def _unreadable_number(error: ValueError, text: str, path: str) -> ConfigError:
    match = re.search(r"'([^']*)'", str(error))
    literal = match.group(1) if match else ""
    at = text.find(literal) if literal else -1
    line = text.count("\n", 0, at) + 1 if at >= 0 else None
    return ConfigError(
        path,
        line,
        f"the Lua reader cannot read the number {literal or str(error)} (write it in decimal)",
    )


def _syntax_error_location(error: ast.SyntaxException, text: str) -> tuple[int | None, str]:
    last_line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    cause = error.__context__
    detail = cause.args[0] if cause is not None and cause.args else None
    token = getattr(detail, "offendingToken", None)
    if token is not None:
        if token.type == -1:  # <EOF>
            return last_line, "unexpected end of file (a '}', ')' or 'end' is missing)"
        return min(token.line, last_line), f"unexpected {token.text!r}"
    match = re.search(r"line (\d+):\d+:? (.*)", str(error))
    if match:
        return int(match.group(1)), match.group(2).split("\n")[0]
    return None, str(error)


class _ScopeBuilder:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.scopes: list[LuaScope] = []
        self.current = LuaScope("global", None, None, None, (), path)
        self.includes: list[tuple[int, str]] = []
        self.not_interpreted: list[tuple[int, str]] = []

    def result(self) -> ProsodyConfig:
        scopes = [*self.scopes, self.current]
        # After ``VirtualHost "a" { ... }`` the file is back in the global scope:
        # those statements join the global scope's options, in file order.
        global_options = tuple(o for s in scopes if s.kind == "global" for o in s.options)
        first = dataclasses.replace(scopes[0], options=global_options)
        hosts = tuple(scope for scope in scopes if scope.kind != "global")
        return ProsodyConfig((first, *hosts), tuple(self.includes), tuple(self.not_interpreted))

    def add(self, statement: astnodes.Node) -> None:
        if isinstance(statement, astnodes.SemiColon):  # a stray ';' between statements
            return
        if isinstance(statement, astnodes.Assign) and self._is_plain_assignment(statement):
            options = tuple(
                LuaOption(target.id, value, _first_line(statement), end, self.path)
                for target, (value, end) in zip(
                    statement.targets, self._assigned(statement), strict=False
                )
            )
            self.current = LuaScope(
                self.current.kind,
                self.current.name,
                self.current.module,
                self.current.line,
                self.current.options + options,
                self.current.path,
            )
        elif (call := _scope_call(statement)) is not None:
            kind, args = call
            self.scopes.append(self.current)
            table = args.pop() if args and isinstance(args[-1], astnodes.Table) else None
            name = self._string_arg(args, 0, statement, kind)
            module = self._string_arg(args, 1, statement, kind) if len(args) > 1 else None
            self.current = LuaScope(kind, name, module, _first_line(statement), (), self.path)
            if table is not None:
                self._scope_table(table)
        elif _call_name(statement) in _INCLUDE_CALLS:
            args = _flat_args(statement)
            self.includes.append(
                (_first_line(statement), self._string_arg(args, 0, statement, "Include"))
            )
        elif not _without_effect(statement):
            # The statement's own lines: luaparser's character span of a call
            # without parentheses covers only its argument.
            first, last = _first_line(statement), _last_line(statement)
            text = "\n".join(split_lines(self.text)[first - 1 : last])
            self.not_interpreted.append((first, text))

    def _assigned(self, statement: astnodes.Assign) -> list[tuple[LuaValue, int]]:
        """(value, last line) for each target of ``a, b = x, y``, as Lua assigns them.

        Targets beyond the values get nil, or, after a call or ``...``, what it
        returns: a value the reader does not know (kept as the call's text).
        """
        assigned = [(self.value(value), _last_line(value)) for value in statement.values]
        missing = len(statement.targets) - len(assigned)
        if missing > 0 and statement.values:
            last = statement.values[-1]
            returns = isinstance(last, astnodes.Call | astnodes.Invoke | astnodes.Varargs)
            extra = self.value(last) if returns else None
            assigned += [(extra, _last_line(last))] * missing
        return assigned

    def _scope_table(self, table: astnodes.Table) -> None:
        """``VirtualHost "a" { ssl = {...} }``: options of that scope, then back to global.

        Prosody 0.12.3 and 13.0 configmanager.lua: the function VirtualHost and
        Component return sets each pair of the table for that host, and
        returns to the global scope ("Return to global scope").
        """
        options = []
        for field in self._table(table).fields:
            if isinstance(field.key, str):
                options.append(
                    LuaOption(field.key, field.value, field.line, field.end_line, self.path)
                )
            else:
                text = "\n".join(split_lines(self.text)[field.line - 1 : field.end_line])
                self.not_interpreted.append((field.line, text))
        self.current = dataclasses.replace(self.current, options=tuple(options))
        self.scopes.append(self.current)
        self.current = LuaScope("global", None, None, None, (), self.path)

    @staticmethod
    def _is_plain_assignment(statement: astnodes.Assign) -> bool:
        return all(isinstance(target, astnodes.Name) for target in statement.targets)

    def _string_arg(
        self, args: list[astnodes.Node], index: int, node: astnodes.Node, what: str
    ) -> str:
        value = self.value(args[index]) if index < len(args) else None
        if not isinstance(value, str):
            raise ConfigError(
                self.path, _first_line(node), f'{what} needs a quoted name ({what} "example.org")'
            )
        return value

    def value(self, node: astnodes.Node) -> LuaValue:
        if isinstance(node, astnodes.String):
            raw = node.s
            return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        if isinstance(node, astnodes.Number):
            return node.n
        if isinstance(node, astnodes.TrueExpr):
            return True
        if isinstance(node, astnodes.FalseExpr):
            return False
        if isinstance(node, astnodes.Nil):
            return None
        if isinstance(node, astnodes.UMinusOp) and isinstance(node.operand, astnodes.Number):
            return -node.operand.n
        if isinstance(node, astnodes.Table):
            return self._table(node)
        return LuaExpression(self.text[node.start_char : node.stop_char + 1])

    def _table(self, node: astnodes.Table) -> LuaTable:
        fields, position = [], 0
        for field in node.fields:
            key: str | int | LuaExpression
            if field.key is None:
                position += 1
                key = position
            elif isinstance(field.key, astnodes.Name) and not field.between_brackets:
                key = field.key.id
            else:
                literal = self.value(field.key)
                key = literal if isinstance(literal, str | int | LuaExpression) else str(literal)
            fields.append(
                LuaField(
                    key, self.value(field.value), _first_line(field), _last_line(field), self.path
                )
            )
        return LuaTable(tuple(fields))


def _scope_call(statement: astnodes.Node) -> tuple[str, list[astnodes.Node]] | None:
    name = _call_name(statement)
    if name not in _SCOPE_CALLS:
        return None
    return _SCOPE_CALLS[name], _flat_args(statement)


def _without_effect(statement: astnodes.Node) -> bool:
    """``local x = "literal"`` and ``local function f()`` set no option until used.

    A use is an expression (kept as text) or a call (not interpreted), so only
    a local whose values call nothing is passed over.
    """
    if isinstance(statement, astnodes.LocalFunction):
        return True
    if not isinstance(statement, astnodes.LocalAssign):
        return False
    return not any(
        isinstance(node, astnodes.Call | astnodes.Invoke)
        for value in statement.values
        for node in ast.walk(value)
    )


def _call_name(statement: astnodes.Node) -> str | None:
    """``Component "a" "b"`` is Call(Call(Name, ["a"]), ["b"]); find the innermost name."""
    node = statement
    while isinstance(node, astnodes.Call):
        node = node.func
    return node.id if isinstance(node, astnodes.Name) else None


def _flat_args(statement: astnodes.Node) -> list[astnodes.Node]:
    calls = []
    node = statement
    while isinstance(node, astnodes.Call):
        calls.append(node)
        node = node.func
    return [arg for call in reversed(calls) for arg in call.args]


def _first_line(node: astnodes.Node) -> int:
    token = getattr(node, "first_token", None)
    if token is not None:
        return int(token.line)
    return int(node.line) if getattr(node, "line", None) is not None else 1


def _last_line(node: astnodes.Node) -> int:
    token = getattr(node, "last_token", None)
    return int(token.line) if token is not None else _first_line(node)
