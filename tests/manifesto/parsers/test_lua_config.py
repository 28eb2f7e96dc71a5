"""prosody.cfg.lua parser: scopes, ssl tables with lines, located Lua syntax errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.model import ConfigError
from tls_manifesto.parsers.lua_config import (
    LuaExpression,
    LuaTable,
    ProsodyConfig,
    parse_prosody_config,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "parsers"
MALFORMED = FIXTURES / "lua" / "malformed"


@pytest.fixture(scope="module")
def config() -> ProsodyConfig:
    path = FIXTURES / "prosody" / "0.12" / "prosody.cfg.lua"
    return parse_prosody_config(path.read_text(), str(path))


def test_options_after_virtualhost_belong_to_it(config: ProsodyConfig) -> None:
    kinds = [(scope.kind, scope.name, scope.module, scope.line) for scope in config.scopes]
    assert kinds == [
        ("global", None, None, None),
        ("VirtualHost", "example.org", None, 23),
        ("VirtualHost", "example.net", None, 30),
        ("Component", "conference.example.org", "muc", 33),
    ]
    require = config.scopes[2].get("c2s_require_encryption")
    assert require is not None and (require.value, require.line) == (False, 31)


def test_ssl_table_fields_keep_their_lines(config: ProsodyConfig) -> None:
    ssl = config.global_scope.get("ssl")
    assert ssl is not None and (ssl.line, ssl.end_line) == (11, 19)
    assert isinstance(ssl.value, LuaTable)
    protocol = ssl.value.get("protocol")
    assert protocol is not None and (protocol.value, protocol.line) == ("tlsv1_2+", 14)
    options = ssl.value.get("options")
    assert options is not None and isinstance(options.value, LuaTable)
    assert options.value.positional()[0] == "cipher_server_preference"
    ports = config.global_scope.get("c2s_direct_tls_ports")
    assert ports is not None and isinstance(ports.value, LuaTable)
    assert ports.value.positional() == (5223,)


def test_include_is_recorded_with_its_line(config: ProsodyConfig) -> None:
    assert config.includes == ((21, "conf.d/*.cfg.lua"),)


def test_non_literal_values_keep_their_source_text() -> None:
    config = parse_prosody_config('certs = "/etc/" .. "x"\nssl = { key = base .. "/k" }\n', "p")
    assert config.global_scope.options[0].value == LuaExpression('"/etc/" .. "x"')


@pytest.mark.parametrize(
    ("fixture", "line", "message"),
    [
        ("missing-separator.cfg.lua", 4, "unexpected 'certificate'"),
        ("unclosed-table.cfg.lua", 4, "unexpected end of file"),
        ("unterminated-string.cfg.lua", 3, "token recognition error"),
        ("unquoted-host.cfg.lua", 2, "no viable alternative at input 'VirtualHost example'"),
    ],
)
def test_lua_syntax_errors_are_located(fixture: str, line: int, message: str) -> None:
    path = MALFORMED / fixture
    with pytest.raises(ConfigError) as caught:
        parse_prosody_config(path.read_text(), str(path))
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert message in caught.value.message


def test_stray_semicolons_are_ignored() -> None:
    config = parse_prosody_config('admins = { };\n;\nVirtualHost "a"\n\tssl = { };\n', "p")
    assert [scope.kind for scope in config.scopes] == ["global", "VirtualHost"]
    assert config.not_interpreted == ()
