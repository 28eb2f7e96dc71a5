"""A directory walk checks every config it recognises, whatever its name, and names each skip."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

PROJECT = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = PROJECT / "tests" / "schemas" / "sarif-2.1.0.json"
SHAPES = PROJECT / "tests" / "fixtures" / "shapes"
FIXTURES = PROJECT / "tests" / "fixtures" / "rules"
# The shape the walk must see through: listeners in ports.yml, which ejabberd.yml includes.
INCLUDING = SHAPES / "23.01" / "include-ports-by-deployment-path"

# ircd.conf blocks, as Charybdis's doc/reference.conf writes them.
REFERENCE_CONF = """\
serverinfo {
    name = "irc.example.org";
    ssl_cert = "etc/ssl.pem";
    ssl_private_key = "etc/ssl.key";
};
listen {
    sslport = 6697;
};
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Configs under names no known pattern matches, an include, and files that are no config."""
    root = tmp_path / "tree"
    shutil.copytree(INCLUDING, root / "deployment")
    (root / "examples").mkdir()
    shutil.copy(FIXTURES / "MF003" / "fail.yml", root / "examples" / "ejabberd.yml.example")
    shutil.copy(FIXTURES / "MF002" / "pass.cfg.lua", root / "examples" / "prosody.cfg.lua.dist")
    (root / "examples" / "reference.conf").write_text(REFERENCE_CONF)
    # The same ports.yml, included by nothing here: a config of its own.
    shutil.copy(INCLUDING / "ports.yml", root / "examples" / "ports.yml")
    (root / "README.md").write_text("listen: the docs may say this too\n")
    (root / "dh.pem").write_text("-----BEGIN DH PARAMETERS-----\n-----END DH PARAMETERS-----\n")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]\n")
    return root


def manifesto(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, check=False, timeout=120,
    )  # fmt: skip


def report(tree: Path, form: str) -> dict[str, Any]:
    result = manifesto("check", "--format", form, "tree", cwd=tree.parent)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_configs_are_found_by_content_whatever_their_name(tree: Path) -> None:
    checked = {c["path"]: c["kind"] for c in report(tree, "json")["configs"]}
    assert checked == {
        "tree/deployment/ejabberd.yml": "ejabberd-yaml",
        "tree/examples/ejabberd.yml.example": "ejabberd-yaml",
        "tree/examples/ports.yml": "ejabberd-yaml",
        "tree/examples/prosody.cfg.lua.dist": "prosody",
        "tree/examples/reference.conf": "ircd",
    }


def test_every_skipped_file_is_named_with_its_reason(tree: Path) -> None:
    skipped = {s["path"]: s["reason"] for s in report(tree, "json")["skipped"]}
    assert skipped == {
        "tree/.git": "hidden",
        "tree/README.md": "not a server config: documentation",
        "tree/dh.pem": "not a server config: PEM data (a key, a certificate or DH parameters)",
        "tree/deployment/ports.yml": (
            "included by tree/deployment/ejabberd.yml, checked as part of it"
        ),
    }


def test_an_included_file_is_judged_within_its_config(tree: Path) -> None:
    data = report(tree, "json")
    (deployment,) = [c for c in data["configs"] if c["path"] == "tree/deployment/ejabberd.yml"]
    assert deployment["sources"][1].endswith("deployment/ports.yml")
    verdicts = {
        v["rule"]: v for v in data["verdicts"] if v["path"] == "tree/deployment/ejabberd.yml"
    }
    assert verdicts["MF001"]["status"] == "pass"
    assert {e["path"] for e in verdicts["MF001"]["evidence"]} == {"tree/deployment/ports.yml"}


def test_text_names_each_skip_on_a_line_of_its_own(tree: Path) -> None:
    result = manifesto("check", "tree", cwd=tree.parent)
    assert "tree/README.md: skipped: not a server config: documentation\n" in result.stdout
    assert "5 configs checked, 4 files skipped, " in result.stdout


def test_sarif_lists_skips_as_notifications_and_stays_valid(tree: Path) -> None:
    document = report(tree, "sarif")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)
    (invocation,) = document["runs"][0]["invocations"]
    notes = [
        (n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], n["message"]["text"])
        for n in invocation["toolExecutionNotifications"]
        if n["level"] == "note"
    ]
    assert ("tree/dh.pem", "skipped: not a server config: PEM data (a key, a certificate or DH "
            "parameters)") in notes  # fmt: skip
    assert len(notes) == 4
