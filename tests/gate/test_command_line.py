"""Both commands as a user meets them: --version, help for everything, one-line errors, JSON.

Everything runs the installed console scripts as subprocesses; the help is
also walked through the parsers, so a new option without help text fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from gate_guides import REFERENCE_14_12, WAIVERS_14_12

BIN = Path(sys.executable).parent


def run(command: str, *args: str | Path, cwd: Path | None = None, **env: str):
    return subprocess.run(
        [str(BIN / command), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )


@pytest.mark.parametrize("command", ["configfile", "manifesto"])
def test_version_names_the_command_and_the_distribution(command: str) -> None:
    result = run(command, "--version")
    assert result.returncode == 0
    assert re.fullmatch(rf"{command} \d+\.\d+\S* \(hardening-guide-tools\)\n", result.stdout)


def _parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    from sphinx_configfile.cli.main import _parser
    from tls_manifesto.cli.main import build_parser

    found = []
    for name, top in (("configfile", _parser()), ("manifesto", build_parser())):
        found.append((name, top))
        for action in top._actions:
            if isinstance(action, argparse._SubParsersAction):
                found += [(f"{name} {sub}", parser) for sub, parser in action.choices.items()]
    return found


@pytest.mark.parametrize("name,parser", _parsers(), ids=[name for name, _ in _parsers()])
def test_every_option_has_help_and_every_command_a_description(name, parser) -> None:
    assert parser.description, f"{name}: no description"
    assert "``" not in parser.description, f"{name}: raw reST in the description"
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            assert all(choice.help for choice in action._choices_actions), name
            continue
        assert action.help, f"{name}: {action.option_strings or action.dest} has no help"


def test_top_level_help_shows_no_raw_rest() -> None:
    for command in ("configfile", "manifesto"):
        result = run(command, "--help")
        assert result.returncode == 0 and "``" not in result.stdout, result.stdout


def test_an_unknown_policy_is_a_usage_error_with_the_choices(tmp_path: Path) -> None:
    result = run("configfile", "check", "--policy", "foo", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "invalid choice: 'foo'" in result.stderr and "'require-fs'" in result.stderr


def test_probe_without_the_probe_extra_names_the_extra() -> None:
    # The extra's modules made unimportable, as in an install without [probe].
    code = (
        "import sys; sys.modules['cryptography'] = sys.modules['sslyze'] = None\n"
        "from tls_manifesto.cli.main import main; sys.exit(main(['probe', '127.0.0.1:5222']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "pip install 'hardening-guide-tools[probe]'" in result.stderr


def test_ciphers_names_the_config_and_line_of_each_string() -> None:
    result = run("manifesto", "ciphers", REFERENCE_14_12)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    cipher_line = next(
        number
        for number, text in enumerate(REFERENCE_14_12.read_text().splitlines(), 1)
        if "ciphers:" in text
    )
    assert f"  from {REFERENCE_14_12}:{cipher_line}" in lines


def test_counts_agree_with_their_nouns(make_project, run_configfile, tmp_path: Path) -> None:
    checked = run("manifesto", "check", REFERENCE_14_12)
    assert "1 config checked" in checked.stdout, checked.stdout
    page = ".. configfile:: /IM/ejabberd/14.12/ejabberd.yml\n   :lines: 1-3\n"
    configs = {"IM/ejabberd/14.12/ejabberd.yml": REFERENCE_14_12.read_text()}
    guide = make_project(page, {**configs, "manifesto.toml": WAIVERS_14_12})
    assert "locked 1 quote\n" in run_configfile("lock", cwd=guide).stdout
    assert "1 quote matches the lock" in run_configfile("verify", cwd=guide).stdout
    check = run_configfile("check", cwd=guide).stdout
    assert re.search(r"^agreement: \d+ problems?$", check, re.M), check
    assert "(s)" not in check


def test_lock_and_verify_speak_json(make_project, run_configfile) -> None:
    page = ".. configfile:: /IM/ejabberd/14.12/ejabberd.yml\n   :lines: 1-3\n"
    yml = "IM/ejabberd/14.12/ejabberd.yml"
    guide = make_project(page, {yml: REFERENCE_14_12.read_text()})
    missing = run_configfile("verify", "--format", "json", cwd=guide)
    assert missing.returncode == 1 and json.loads(missing.stdout)["ok"] is False

    locked = run_configfile("lock", "--format", "json", cwd=guide)
    assert locked.returncode == 0
    data = json.loads(locked.stdout)
    assert data["ok"] is True and data["locked"] == 1 and data["build_warnings"] == []
    assert Path(data["lock"]).name == "configfiles.lock"

    verified = run_configfile("verify", "--format", "json", cwd=guide)
    assert verified.returncode == 0 and json.loads(verified.stdout)["problems"] == []
    config = guide / "configs" / yml
    config.write_text("# moved down\n" + config.read_text())
    drifted = run_configfile("verify", "--format", "json", cwd=guide)
    assert drifted.returncode == 1
    (problem,) = json.loads(drifted.stdout)["problems"]
    assert re.match(r".*index\.rst:1: ", problem), problem
