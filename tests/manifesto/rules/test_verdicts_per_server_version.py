"""Every rule's verdict on real configs of each server family and version, word for word.

The rule fixtures show one rule's pass and fail; these configs reach the
branches that rest on a server's defaults (a version with no option for a
setting, a default that refuses or allows a protocol, a built-in DH group),
where the summary and detail name the default and its source. Each config's
verdicts are compared with ``expected_verdicts/<name>.txt``: a change of
wording shows as a diff a reviewer reads. After an intended change, rewrite
the files with ``UPDATE_EXPECTED_VERDICTS=1`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tls_manifesto.engine.loader import load_config
from tls_manifesto.rules import CheckOptions, rules_for
from tls_manifesto.tls.ciphers import OPENSSL_VERSION
from tls_manifesto.verdicts import Verdict

ROOT = Path(__file__).resolve().parents[3]
EXPECTED = Path(__file__).with_name("expected_verdicts")
CONFIGS = {
    "ejabberd-2.1.10": "tests/fixtures/parsers/ejabberd/2.1.10/ejabberd.cfg",
    "ejabberd-23.01": "tests/fixtures/parsers/ejabberd/23.01/ejabberd.yml",
    "ejabberd-23.01-defaults": "tests/fixtures/rules/defaults/ejabberd/23.01/ejabberd.yml",
    "prosody-0.9-defaults": "tests/fixtures/rules/defaults/prosody/0.9/prosody.cfg.lua",
    "prosody-0.11-defaults": "tests/fixtures/rules/defaults/prosody/0.11/prosody.cfg.lua",
    "prosody-0.12": "tests/fixtures/parsers/prosody/0.12/prosody.cfg.lua",
    "prosody-0.12-defaults": "tests/fixtures/rules/defaults/prosody/0.12/prosody.cfg.lua",
    "charybdis-4.1.2": "tests/fixtures/parsers/charybdis/4.1.2/ircd.conf",
    "guide-ejabberd-2.1.10": "configs/IM/ejabberd/2.1.10/ejabberd.cfg",
    "guide-ejabberd-14.12": "configs/IM/ejabberd/14.12/ejabberd.yml",
    "guide-ejabberd-16.01": "configs/IM/ejabberd/16.01/ejabberd.yml",
    "guide-ejabberd-23.01": "configs/IM/ejabberd/23.01/ejabberd.yml",
    "guide-prosody-0.12": "configs/IM/Prosody/0.12/prosody.cfg.lua",
    "guide-charybdis": "configs/IM/Charybdis/ircd.conf",
}


def _rendered(verdict: Verdict) -> list[str]:
    lines = [f"{verdict.rule} {verdict.status.value} in {verdict.path}: {verdict.summary}"]
    for f in verdict.findings:
        where = f.endpoint if f.endpoint is not None else ", ".join(f.endpoints)
        lines.append(f"  {f.severity.value} at {f.path}:{f.line} [{where}] {f.message}")
        lines.append(f"    {f.detail}")
        lines.append(f"    evidence: {', '.join(f'{e.path}:{e.line}' for e in f.evidence)}")
    if verdict.evidence:
        lines.append(f"  cites lines {', '.join(str(e.line) for e in verdict.evidence)}")
    return lines


def _report(path: Path) -> str:
    config = load_config(path)
    options = CheckOptions()
    rules = rules_for(config.chapter, options.policy)
    lines = [line for rule in rules for line in _rendered(rule.check(config, options))]
    # What depends on the machine, not on the rules: the OpenSSL build and the checkout.
    text = "\n".join(lines) + "\n"
    return text.replace(OPENSSL_VERSION, "<OpenSSL>").replace(str(ROOT), "<root>")


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_verdicts_read_as_expected(name: str) -> None:
    actual = _report(ROOT / CONFIGS[name])
    expected_file = EXPECTED / f"{name}.txt"
    if os.environ.get("UPDATE_EXPECTED_VERDICTS") == "1":
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")


def test_no_expected_file_is_left_without_its_config() -> None:
    assert {p.stem for p in EXPECTED.glob("*.txt")} == set(CONFIGS)
