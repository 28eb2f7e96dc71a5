""":keys: in dovecot.conf: a setting, sections down to a setting, a whole section."""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.engine.keys import resolve_keys
from tls_manifesto.keypaths.grammar import KeyPathError

CONFIG = Path(__file__).resolve().parents[4] / "configs/MailServers/Dovecot/2.3.19.1/dovecot.conf"
TEXT = CONFIG.read_text(encoding="utf-8")


def test_a_top_level_setting_with_its_comment() -> None:
    assert resolve_keys(str(CONFIG), TEXT, "ssl_cipher_list") == (23, 24, 25)


def test_a_setting_inside_sections_brings_their_opening_and_closing_lines() -> None:
    key = 'service["imap-login"].inet_listener["imaps"].ssl'
    assert resolve_keys(str(CONFIG), TEXT, key) == (57, 61, 63, 64, 65)


def test_a_section_picked_by_a_setting_is_quoted_whole() -> None:
    key = 'service["pop3-login"].inet_listener[port=995]'
    assert resolve_keys(str(CONFIG), TEXT, key) == (67, 71, 72, 73, 74, 75)


def test_an_unknown_name_says_so() -> None:
    with pytest.raises(KeyPathError, match="no setting or section named ssl_protocols"):
        resolve_keys(str(CONFIG), TEXT, "ssl_protocols")


def test_a_selector_matching_several_sections_is_ambiguous() -> None:
    text = "protocol imap {\n  ssl = yes\n}\nprotocol imap {\n  ssl = required\n}\n"
    with pytest.raises(KeyPathError, match=r"ambiguous selector, 2 protocol sections .*1, 4"):
        resolve_keys("dovecot.conf", text, 'protocol["imap"].ssl')
    assert resolve_keys("dovecot.conf", text, "protocol.ssl") == (1, 2, 3, 4, 5, 6)
