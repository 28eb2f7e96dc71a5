"""The README is short and its quickstart runs; what it used to hold is in
the docs: every setting with its default, every make target, every
subcommand."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
README = PROJECT_ROOT / "README.md"
DOCS = PROJECT_ROOT / "docs"


def _docs_text() -> str:
    return "\n".join(page.read_text(encoding="utf-8") for page in sorted(DOCS.glob("*.md")))


def test_readme_is_at_most_ten_kilobytes() -> None:
    assert len(README.read_bytes()) <= 10 * 1024


def test_readme_links_into_the_docs_lead_to_files() -> None:
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README.read_text(encoding="utf-8"))
    relative = [link for link in links if "://" not in link]
    assert any(link.startswith("docs/") for link in relative)
    for link in relative:
        assert (PROJECT_ROOT / link).is_file(), link


def test_readme_quickstart_runs_as_written(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    block = text.split("## Quickstart", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert len(block.strip().splitlines()) <= 10
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["bash", "-euc", block], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "agreement: OK" in result.stdout
    page = (tmp_path / "notes/build/html/index.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="linenos">2</span>.*listen', page)


@pytest.mark.sphinx("html", testroot="configfile")
def test_every_setting_is_documented_with_its_default(make_app, tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_configfile", "sphinx_manifesto"]\n')
    (tmp_path / "index.rst").write_text("Settings\n========\n")
    app = make_app("html", srcdir=tmp_path)
    ours = {
        name: app.config[name]
        for name in app.config.values  # dir() lists no settings on Sphinx 7.2
        if name.startswith(("configfile_", "manifesto_"))
    }
    assert "configfile_root" in ours and "manifesto_policy" in ours
    docs = _docs_text()
    for name, default in ours.items():
        shown = f'"{default}"' if isinstance(default, str) else repr(default)
        assert f"| `{name}` | `{shown}` |" in docs, f"{name} (default {shown}) is not documented"


def test_every_make_target_is_in_the_readme_and_the_docs() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    readme = README.read_text(encoding="utf-8")
    design = (DOCS / "design.md").read_text(encoding="utf-8")
    for target in targets:
        if target == "venv":
            continue
        assert f"make {target}" in readme, target
        assert f"make {target}" in design, target


@pytest.mark.parametrize("command", ["configfile", "manifesto"])
def test_every_subcommand_is_documented(command: str) -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / command), "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    # The subcommands are the help's indented "name  description" lines under COMMAND.
    listing = result.stdout.split("COMMAND\n", 2)[-1].split("\n\n")[0]
    subcommands = re.findall(r"^    ([a-z-]+)\s", listing, re.M)
    assert subcommands, result.stdout
    docs = _docs_text()
    for sub in subcommands:
        assert f"{command} {sub}" in docs or f"{command} [--source DIR] {sub}" in docs, sub
