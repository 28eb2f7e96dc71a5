"""What the Prosody reader cannot evaluate, as blocking read issues.

Prosody runs its config as Lua (0.12.3 and 13.0 core/configmanager.lua
``parser.load``): ``if`` blocks, loops, ``RunScript "file.lua"`` and any
other call run, ``ENV_NAME`` reads the environment variable ``NAME``, and
13.0 lets a config read back and extend options (``modules_enabled:append
{...}``). The reader does not run Lua, so a statement that is not a plain
``name = value``, a scope or an Include may change any TLS setting, and a
TLS setting whose value is not a literal (``c2s_require_encryption =
ENV_REQUIRE``, ``ciphers = base .. ":RC4"``) has a value the checker does
not know. Either way no verdict may pass: each is named at its line.
"""

from __future__ import annotations

from tls_manifesto.parsers.lua_config import (
    LuaExpression,
    LuaOption,
    LuaTable,
    LuaValue,
    ProsodyConfig,
)
from tls_manifesto.reading.config_files import UNSEEN, FileSet

# Options the Prosody interpreter (servers/prosody.py) reads, exactly or by suffix.
_TLS_OPTIONS = frozenset(
    {"ssl", "tls_profile", "certificates", "modules_enabled", "modules_disabled", "enabled",
     "require_encryption", "s2s_secure_auth", "s2s_allow_encryption"}
)  # fmt: skip
_TLS_SUFFIXES = ("_ssl", "_require_encryption", "_ports", "_interfaces", "_interface")
_SHOWN = 60  # characters of a statement quoted in the message


def block_unevaluated(config: ProsodyConfig, path: str, files: FileSet) -> None:
    """Record, as blocking issues, each statement and TLS value the reader cannot evaluate."""
    for line, text in config.not_interpreted:
        files.block(
            path,
            line,
            f"Lua the checker does not run ({_short(text)}) may change any setting: {UNSEEN}",
        )
    for scope in config.scopes:
        for option in scope.options:
            if _is_tls_option(option.name):
                _block_expressions(option, option.value, files)


def _is_tls_option(name: str) -> bool:
    return name in _TLS_OPTIONS or name.endswith(_TLS_SUFFIXES)


def _block_expressions(option: LuaOption, value: LuaValue, files: FileSet) -> None:
    path = option.path
    if isinstance(value, LuaExpression):
        files.block(
            path,
            option.line,
            f"{option.name} = {_short(value.text)}: a value the checker cannot evaluate: "
            f"{UNSEEN} (write the value itself)",
        )
        return
    if not isinstance(value, LuaTable):
        return
    for field in value.fields:
        if isinstance(field.key, LuaExpression):
            files.block(
                field.path or path,
                field.line,
                f"{option.name}: a computed key [{_short(field.key.text)}] the checker "
                f"cannot evaluate: {UNSEEN} (write the key itself)",
            )
        elif isinstance(field.value, LuaExpression):
            files.block(
                field.path or path,
                field.line,
                f"{option.name}.{field.key} = {_short(field.value.text)}: a value the checker "
                f"cannot evaluate: {UNSEEN} (write the value itself)",
            )
        elif isinstance(field.value, LuaTable):
            _block_expressions(option, field.value, files)


def _short(text: str) -> str:
    first = " ".join(text.split())
    return first if len(first) <= _SHOWN else first[: _SHOWN - 3] + "..."
