"""Key paths (`:keys:`) resolve to the lines of a setting and what encloses it, per format."""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.engine.keys import KeyPathError, resolve_keys
from tls_manifesto.keypaths.grammar import Selector, parse_key, split_keys

CONFIGS = Path(__file__).resolve().parents[2] / "configs" / "IM"
EJABBERD = CONFIGS / "ejabberd/23.01/ejabberd.yml"
PROSODY = CONFIGS / "Prosody/0.12/prosody.cfg.lua"
IRCD = CONFIGS / "Charybdis/ircd.conf"


def shown(path: Path, keys: str, text: str | None = None) -> list[str]:
    """The stripped text of each resolved line, in order."""
    text = path.read_text(encoding="utf-8") if text is None else text
    lines = text.splitlines()
    return [lines[n - 1].strip() for n in resolve_keys(path.name, text, keys)]


def test_grammar_reads_selectors_and_splits_keys_outside_quotes() -> None:
    key = parse_key('VirtualHost["a.example, b"].ssl')
    assert key.segments[0].selectors == (Selector(label="a.example, b"),)
    assert parse_key("listen[port=5222].tls").segments[0].selectors == (
        Selector(key="port", value="5222"),
    )
    assert parse_key("listen[2]").segments[0].selectors == (Selector(index=2),)
    assert split_keys('a, VirtualHost["x,y"].ssl ,b[k="1,2"]') == [
        "a",
        'VirtualHost["x,y"].ssl',
        'b[k="1,2"]',
    ]


def test_ejabberd_listener_key_includes_the_lines_that_open_the_listener() -> None:
    assert shown(EJABBERD, "listen[port=5222].starttls_required, s2s_use_starttls") == [
        "## --- Server-to-server TLS ---",
        '## "required": remote servers must negotiate STARTTLS before anything else.',
        "s2s_use_starttls: required",
        "listen:",
        "-",
        "port: 5222",
        "starttls_required: true",
    ]


def test_ejabberd_list_value_runs_to_its_last_item() -> None:
    assert shown(EJABBERD, "c2s_protocol_options")[0] == "c2s_protocol_options:"
    assert shown(EJABBERD, "c2s_protocol_options")[-1] == "- no_compression"


def test_ejabberd_key_without_selector_is_quoted_from_every_item_that_has_it() -> None:
    assert shown(EJABBERD, "listen.tls") == ["listen:", "-", "tls: true"]


def test_prosody_table_field_and_virtual_host_scope() -> None:
    ciphers = shown(PROSODY, "ssl.ciphers")
    assert ciphers[0] == "ssl = {" and ciphers[1].startswith("ciphers = ") and ciphers[2] == "}"
    assert shown(PROSODY, 'VirtualHost["example.org"].ssl') == [
        'VirtualHost "example.org"',
        "ssl = {",
        'certificate = "/etc/prosody/certs/example.org.crt";',
        'key = "/etc/prosody/certs/example.org.key";',
        "}",
    ]


def test_ircd_block_item_with_its_block_lines() -> None:
    lines = shown(IRCD, "serverinfo.ssl_cipher_list")
    assert lines[0] == "serverinfo {"
    assert lines[1:4] == [  # the comment right above the setting
        "/* Forward secrecy only: ECDHE, then DHE with the group above; no",
        "* suite with static RSA key exchange.",
        "*/",
    ]
    assert lines[4].startswith("ssl_cipher_list =") and lines[5] == "};"
    assert shown(IRCD, "listen.sslport") == [
        "listen {",
        "sslport = 6697;",
        "};",
        "",
        "listen {",
        "sslport = 9999;",
        "};",
    ]
    assert shown(IRCD, 'listen[host="192.0.2.10"].sslport') == shown(IRCD, "listen[2].sslport")


@pytest.mark.parametrize(
    ("path", "key", "inserted_before"),
    [
        (EJABBERD, "listen[port=5222].starttls_required", "listen:"),
        (PROSODY, "ssl.ciphers", "ssl = {"),
        (IRCD, "serverinfo.ssl_cipher_list", "serverinfo {"),
    ],
)
def test_an_edit_above_the_key_leaves_the_quote_right(
    path: Path, key: str, inserted_before: str
) -> None:
    text = path.read_text(encoding="utf-8")
    before = resolve_keys(path.name, text, key)
    comment = "--" if path.suffix == ".lua" else "#"
    at = text.index(inserted_before)
    edited = text[:at] + f"{comment} a new comment\n{comment} and another\n\n" + text[at:]
    after = resolve_keys(path.name, edited, key)
    assert after == tuple(n + 3 for n in before)
    assert shown(path, key, edited) == shown(path, key)


@pytest.mark.parametrize(
    ("path", "key", "message"),
    [
        (EJABBERD, "listen[port=5222].starttls_requird", "unknown key starttls_requird ("),
        (EJABBERD, "listen[port=5299].tls", "no item has port=5299 (values here: 5222,"),
        (EJABBERD, "listen[module=ejabberd_c2s", "cannot read key"),
        (EJABBERD, "s2s_use_starttls.x", "s2s_use_starttls is a value, it has no x"),
        (
            PROSODY,
            'VirtualHost["nope"].ssl',
            'no VirtualHost "nope" (this config has: "example.org")',
        ),
        (PROSODY, "ssl.cipher", "unknown key cipher (ssl has: protocol, ciphers,"),
        (IRCD, "listen[defer_accept=yes][host=nope].sslport", "no listen block matches"),
        (IRCD, "serverinfo.nothing", "unknown key nothing (serverinfo on line"),
    ],
)
def test_keys_that_do_not_resolve_say_why(path: Path, key: str, message: str) -> None:
    with pytest.raises(KeyPathError, match=None) as caught:
        resolve_keys(path.name, path.read_text(encoding="utf-8"), key)
    assert message in str(caught.value)


def test_a_selector_matching_several_items_is_ambiguous(tmp_path: Path) -> None:
    config = tmp_path / "ejabberd.yml"
    config.write_text(
        "listen:\n  - port: 5222\n    module: ejabberd_c2s\n"
        "  - port: 5223\n    module: ejabberd_c2s\n",
        encoding="utf-8",
    )
    with pytest.raises(KeyPathError, match=r"ambiguous selector, 2 items match \(lines 2, 4\)"):
        resolve_keys(str(config), config.read_text(), "listen[module=ejabberd_c2s].port")


def test_a_format_without_key_support_is_refused() -> None:
    path = CONFIGS / "ejabberd/2.1.10/ejabberd.cfg"
    with pytest.raises(KeyPathError, match="does not support ejabberd-erlang configs"):
        resolve_keys(path.name, path.read_text(encoding="utf-8"), "listen")
    with pytest.raises(KeyPathError, match="needs a config the checker can parse"):
        resolve_keys("haproxy.cfg", "global\n  maxconn 10\n", "global")


def test_blank_lines_between_quoted_settings_are_quoted_too() -> None:
    lines = shown(EJABBERD, "c2s_dhfile, s2s_use_starttls")
    # c2s_dhfile (36), the blank line 37, then the comments above s2s_use_starttls.
    assert lines[0] == "c2s_dhfile: /etc/ejabberd/dh2048.pem"
    assert lines[1] == ""
    assert lines[2] == "## --- Server-to-server TLS ---"
