"""The expansion of every reference config's cipher string is pinned per OpenSSL version.

A different OpenSSL may expand the same string to other suites; then the
verdicts in the guide may change too, so this test fails and asks for a
reviewed re-pin instead of passing silently.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixture_loading import load_fixture
from manifesto.check import config_files
from manifesto.ciphers import OPENSSL_VERSION, expand_cipher_string
from manifesto.rules.base import uses_tls
from manifesto.rules.effective_ciphers import effective_ciphers

PROJECT = Path(__file__).resolve().parents[3]
PINS = Path(__file__).resolve().parent / "cipher_pins.json"
REFERENCE_CONFIGS = sorted(config_files([PROJECT / "configs"]))
REPIN = (
    f"re-pin after reviewing the difference: "
    f".venv/bin/manifesto ciphers --pin {PINS.relative_to(PROJECT)} configs"
)


def test_there_are_reference_configs_to_pin() -> None:
    assert REFERENCE_CONFIGS, "no reference configs found under configs/"


@pytest.mark.parametrize(
    "config_path", REFERENCE_CONFIGS, ids=lambda p: str(Path(p).relative_to(PROJECT))
)
def test_cipher_string_expansion_matches_the_pin(config_path: str) -> None:
    config = load_fixture(Path(config_path))
    pins = json.loads(PINS.read_text(encoding="utf-8"))
    if OPENSSL_VERSION not in pins:
        pytest.fail(f"no pins for {OPENSSL_VERSION} (pinned: {', '.join(pins)}); {REPIN}")
    pinned = pins[OPENSSL_VERSION]
    for endpoint in config.endpoints:
        effective = effective_ciphers(config, endpoint) if uses_tls(endpoint) else None
        if effective is None:
            continue
        names = list(expand_cipher_string(effective.cipher_string).names)
        assert effective.cipher_string in pinned, f"{effective.cipher_string!r} unpinned; {REPIN}"
        assert names == pinned[effective.cipher_string], (
            f"{OPENSSL_VERSION} now expands {effective.cipher_string!r} differently; {REPIN}"
        )
