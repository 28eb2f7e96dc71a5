"""The expansion of every reference config's cipher string is pinned per OpenSSL version.

A different OpenSSL may expand the same string to other suites; then the
verdicts in the guide may change too, so this test fails and asks for a
reviewed re-pin instead of passing silently. An OpenSSL version that has no
pin of its own is held to the newest pin: the same suites in the same order
cannot change a verdict (security updates of one release series usually
keep them), any difference fails with both lists.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fixture_loading import load_fixture
from tls_manifesto.engine.check import config_files
from tls_manifesto.rules.base import uses_tls
from tls_manifesto.tls.ciphers import OPENSSL_VERSION, expand_cipher_string
from tls_manifesto.tls.effective_ciphers import effective_ciphers

PROJECT = Path(__file__).resolve().parents[3]
PINS = Path(__file__).resolve().parent / "cipher_pins.json"
REFERENCE_CONFIGS = sorted(config_files([PROJECT / "configs"]))
REPIN = (
    f"re-pin after reviewing the difference: "
    f".venv/bin/manifesto ciphers --pin {PINS.relative_to(PROJECT)} configs"
)


def _release(version: str) -> tuple[int, ...]:
    """``"OpenSSL 3.0.19 27 Jan 2026"`` -> ``(3, 0, 19)``, to find the newest pin."""
    match = re.search(r"(\d+)\.(\d+)\.(\d+)", version)
    return tuple(int(part) for part in match.groups()) if match else (0,)


def test_there_are_reference_configs_to_pin() -> None:
    assert REFERENCE_CONFIGS, "no reference configs found under configs/"


def pin_mismatches(config_path: Path, pins: dict, running: str) -> list[str]:
    """What differs between this OpenSSL's expansions and the pin that applies to it."""
    config = load_fixture(config_path)
    pinned_version = running if running in pins else max(pins, key=_release)
    pinned = pins[pinned_version]
    problems = []
    for endpoint in config.endpoints:
        uses = uses_tls(endpoint, config.profile)
        effective = effective_ciphers(config, endpoint) if uses else None
        if effective is None:
            continue
        string = effective.cipher_string
        names = list(expand_cipher_string(string).names)
        if string not in pinned:
            problems.append(f"{string!r} unpinned for {pinned_version}")
        elif names != pinned[string]:
            problems.append(
                f"{running} expands {string!r} to {names}, "
                f"pinned for {pinned_version}: {pinned[string]}"
            )
    return problems


@pytest.mark.parametrize(
    "config_path", REFERENCE_CONFIGS, ids=lambda p: str(Path(p).relative_to(PROJECT))
)
def test_cipher_string_expansion_matches_the_pin(config_path: str) -> None:
    pins = json.loads(PINS.read_text(encoding="utf-8"))
    problems = pin_mismatches(Path(config_path), pins, OPENSSL_VERSION)
    assert not problems, "; ".join(problems) + f"; {REPIN}"


def test_an_unpinned_openssl_that_expands_differently_fails() -> None:
    pins = json.loads(PINS.read_text(encoding="utf-8"))
    newest = max(pins, key=_release)
    config = PROJECT / "configs/IM/ejabberd/16.01/ejabberd.yml"
    tampered = {string: names[::-1] for string, names in pins[newest].items()}
    pins_with_older = {"OpenSSL 1.0.2 22 Jan 2015": pins[newest], newest: tampered}
    problems = pin_mismatches(config, pins_with_older, "OpenSSL 99.0.0 1 Jan 2099")
    assert problems and "pinned for " + newest in problems[0]
    assert pin_mismatches(config, pins, "OpenSSL 99.0.0 1 Jan 2099") == []
