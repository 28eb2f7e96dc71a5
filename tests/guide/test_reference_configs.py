"""The reference configs are well-formed for their servers and pass the manifesto checks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from guide_build import CONFIGS_ROOT
from support.skipping import skip_or_fail

EJABBERD_2_CFG = CONFIGS_ROOT / "IM/ejabberd/2.1.10/ejabberd.cfg"
# The configs this chapter's owner writes, and the rules each may have waived
# in configs/manifesto.toml because its version cannot express the setting.
OWN_CONFIGS = {
    "IM/ejabberd/14.12/ejabberd.yml": {"MF003", "MF004", "MF005", "MF006"},
    "IM/ejabberd/16.01/ejabberd.yml": set(),
    "IM/ejabberd/2.1.10/ejabberd.cfg": {"MF003", "MF004", "MF005"},
    "IM/Charybdis/ircd.conf": {"MF004"},
}
# Rules every own config must pass outright: TLS required, forward secrecy.
MUST_PASS = {
    "IM/ejabberd/14.12/ejabberd.yml": {"MF001", "MF002", "MF008", "MF009"},
    "IM/ejabberd/16.01/ejabberd.yml": {"MF001", "MF002", "MF003", "MF004", "MF005", "MF008"},
    "IM/ejabberd/2.1.10/ejabberd.cfg": {"MF001", "MF002", "MF008", "MF009"},
    "IM/Charybdis/ircd.conf": {"MF001", "MF003", "MF009"},
}


def _require(program: str, package: str) -> str:
    found = shutil.which(program)
    if found:
        return found
    skip_or_fail(f"needs {program} (Debian package {package})")


def test_ejabberd_2_config_is_a_list_of_erlang_terms() -> None:
    erl = _require("erl", "erlang-base")
    # file:consult/1 is how ejabberd 2.x reads ejabberd.cfg (ejabberd_config.erl).
    program = (
        f'case file:consult("{EJABBERD_2_CFG}") of '
        '{ok, Terms} -> io:format("~b~n", [length(Terms)]), halt(0); '
        'Error -> io:format("~p~n", [Error]), halt(1) end.'
    )
    result = subprocess.run(
        [erl, "-noshell", "-eval", program], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert int(result.stdout.strip()) > 20  # hosts, listen, acl, access, modules, ...


@pytest.fixture(scope="module")
def verdicts() -> dict[tuple[str, str], dict]:
    """(config path under configs/, rule) -> verdict, from ``manifesto check`` as a subprocess."""
    script = Path(sys.executable).parent / "manifesto"
    paths = [str(Path("configs", name)) for name in OWN_CONFIGS]
    result = subprocess.run(
        [str(script), "check", "--policy", "require-fs", "--format", "json", *paths],
        cwd=CONFIGS_ROOT.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manifesto check failed:\n{result.stdout}\n{result.stderr}"
    report = json.loads(result.stdout)
    assert report["errors"] == []
    return {
        (Path(v["path"]).resolve().relative_to(CONFIGS_ROOT).as_posix(), v["rule"]): v
        for v in report["verdicts"]
    }


@pytest.mark.parametrize("config", sorted(OWN_CONFIGS))
def test_config_passes_tls_required_and_forward_secrecy_rules(
    verdicts: dict[tuple[str, str], dict], config: str
) -> None:
    not_passed = {
        rule: verdicts[(config, rule)]["status"]
        for rule in MUST_PASS[config]
        if verdicts[(config, rule)]["status"] != "pass"
    }
    assert not_passed == {}


@pytest.mark.parametrize("config", sorted(OWN_CONFIGS))
def test_only_what_the_version_cannot_express_is_waived(
    verdicts: dict[tuple[str, str], dict], config: str
) -> None:
    waived = {rule for (path, rule), v in verdicts.items() if path == config and v["waiver_reason"]}
    assert waived == OWN_CONFIGS[config]
    for rule in waived:
        # The reason names the server (and the version, where the path has one).
        named = config.split("/")[2] if config.count("/") > 2 else config.split("/")[1]
        assert named in verdicts[(config, rule)]["waiver_reason"]


@pytest.mark.parametrize("config", sorted(OWN_CONFIGS))
def test_no_error_finding_is_left_unwaived(
    verdicts: dict[tuple[str, str], dict], config: str
) -> None:
    errors = [
        f"{f['path']}:{f['line']}: {f['rule']} {f['message']}"
        for (path, _), v in verdicts.items()
        if path == config and v["status"] == "fail"
        for f in v["findings"]
        if f["severity"] == "error"
    ]
    assert errors == []
