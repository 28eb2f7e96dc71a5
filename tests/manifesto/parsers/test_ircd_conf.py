"""ircd.conf parser (Charybdis grammar): blocks, items, lines, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.model import ConfigError
from tls_manifesto.parsers.ircd_conf import IrcdConf, IrcdValue, parse_ircd_conf

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "parsers"
MALFORMED = FIXTURES / "ircd" / "malformed"


@pytest.fixture(scope="module")
def conf() -> IrcdConf:
    path = FIXTURES / "charybdis" / "4.1.2" / "ircd.conf"
    return parse_ircd_conf(path.read_text(), str(path))


def test_blocks_and_items_keep_lines(conf: IrcdConf) -> None:
    (serverinfo,) = conf.blocks_named("serverinfo")
    assert serverinfo.line == 5 and serverinfo.end_line == 12
    cert = serverinfo.get("ssl_cert")
    assert cert is not None and cert.line == 9
    assert cert.values == (IrcdValue("string", "etc/ssl.pem", 9),)


def test_ranges_lists_and_time_specs(conf: IrcdConf) -> None:
    (listen,) = conf.blocks_named("listen")
    port = listen.get("port")
    assert port is not None
    assert [v.value for v in port.values] == [(6665, 6669), 7000]
    (general,) = conf.blocks_named("general")
    delay, accept = general.get("kline_delay"), general.get("max_accept")
    assert delay is not None and delay.values == (IrcdValue("time", 5400, 15),)
    assert accept is not None and accept.values[0].value == 20 * 1024


def test_labels_includes_and_modules(conf: IrcdConf) -> None:
    labels = [block.label for block in conf.blocks_named("connect")]
    assert labels == ["hub.example.org", "ssl.example.org"]
    assert conf.includes == ((3, "etc/opers.conf"),)
    assert conf.modules == ((2, "extensions/extb_ssl"),)


def test_backslash_keeps_the_next_character() -> None:
    conf = parse_ircd_conf('a {\n\tb = "say \\"hi\\"";\n};\n', "x.conf")
    item = conf.blocks[0].get("b")
    assert item is not None and item.values[0].value == 'say "hi"'


@pytest.mark.parametrize(
    ("fixture", "line", "message"),
    [
        ("missing-semicolon.conf", 3, "expected ';' or ',' after sid = ..."),
        ("unterminated-string.conf", 2, "unterminated string"),
        ("unterminated-comment.conf", 4, "unterminated comment starting here"),
        (
            "unbalanced-brace.conf",
            5,
            "block serverinfo starts inside block listen opened on line 2",
        ),
        ("missing-block-semicolon.conf", 4, "expected ';' after the '}' closing listen"),
        ("bad-unit.conf", 2, "unrecognised time/size unit 'lightyears'"),
        ("extra-brace.conf", 4, "expected a block name but found '}'"),
    ],
)
def test_malformed_ircd_conf_is_a_located_error(fixture: str, line: int, message: str) -> None:
    path = MALFORMED / fixture
    with pytest.raises(ConfigError) as caught:
        parse_ircd_conf(path.read_text(), str(path))
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert message in caught.value.message


def test_block_never_closed_points_at_its_opening_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_ircd_conf("# c\nlisten {\n\tport = 6667;\n", "open.conf")
    assert caught.value.line == 2 and "never closed" in caught.value.message
