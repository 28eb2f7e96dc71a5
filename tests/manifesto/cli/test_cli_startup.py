"""``manifesto check`` loads only what checking needs: sslyze is for ``probe`` alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]

# Runs `manifesto check` in a fresh interpreter, then prints the modules it loaded.
CHECK_THEN_LIST_MODULES = """
import sys
from tls_manifesto.cli.main import main
code = main(["check", "--format", "sarif", "--output", sys.argv[1], sys.argv[2]])
print(code)
print("\\n".join(sorted(sys.modules)))
"""


def loaded_by_check(tmp_path: Path, target: str = "configs") -> tuple[int, set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", CHECK_THEN_LIST_MODULES, str(tmp_path / "report.sarif"), target],
        capture_output=True, text=True, cwd=PROJECT, check=True, timeout=120,
    )  # fmt: skip
    code, *modules = result.stdout.split()
    return int(code), set(modules)


def test_check_does_not_import_sslyze_or_the_probe_scanner(tmp_path: Path) -> None:
    code, modules = loaded_by_check(tmp_path)
    assert code == 0  # the reference configs were really checked
    assert "tls_manifesto.rules.tls.forward_secrecy" in modules  # the list is the real one
    assert not {m for m in modules if m == "sslyze" or m.startswith("sslyze.")}
    assert "tls_manifesto.probe.scan" not in modules


def test_probe_does_import_sslyze() -> None:
    # The positive control: the import the check avoids is the one probe makes.
    probe_imports = "import sys, tls_manifesto.probe.scan; print('sslyze' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe_imports],
        capture_output=True, text=True, cwd=PROJECT, check=True, timeout=120,
    )  # fmt: skip
    assert result.stdout.strip() == "True"


def test_each_format_loads_its_own_parser_only(tmp_path: Path) -> None:
    _, ircd_only = loaded_by_check(tmp_path, "configs/IM/Charybdis/ircd.conf")
    assert "tls_manifesto.parsers.ircd_conf" in ircd_only
    assert not {m for m in ircd_only if m.split(".")[0] in {"luaparser", "ruamel", "antlr4"}}
    assert "tls_manifesto.probe.render" not in ircd_only
    # The control: a Prosody config does load the Lua parser.
    _, prosody = loaded_by_check(tmp_path, "configs/IM/Prosody/0.12/prosody.cfg.lua")
    assert "luaparser" in prosody
