"""The gate, ``manifesto check``'s directory walk and evidence marks agree on what a config is.

All three ask ``tls_manifesto.engine.file_roles.file_role``: a file the walk
checks is a config to the gate and gets evidence marks; a file the walk
skips as a server config it does not know (a lighttpd config) is still a config
the gate wants quoted; every other file the walk skips (notes, data, keys)
is no config to anyone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gate_guides import REFERENCE_14_12, WAIVERS_14_12
from sphinx_configfile.gate.agreement import is_config_file
from sphinx_manifesto.evidence import is_known_server

QUOTED = "IM/ejabberd/14.12/ejabberd.yml"
PAGE = (
    "Guide\n=====\n\n.. configfile-section:: IM\n\nejabberd\n--------\n\n"
    ".. configfile:: 14.12/ejabberd.yml\n   :caption: TLS setup\n"
)
BESIDE = {
    "IM/ejabberd/notes.html": "<p>hosts: why two listeners</p>\n",
    "IM/ejabberd/pins.json": '{"listen": 5222}\n',
    "IM/ejabberd/README": "Reference configs.\n",
    "IM/ejabberd/dh.pem": "-----BEGIN DH PARAMETERS-----\n",
    "IM/ejabberd/ejabberd.yml.example": "hosts:\n  - example.org\n",  # known by content
    "IM/lighttpd/lighttpd.conf": 'ssl.engine = "enable"\n',  # another server's config
}


def test_gate_walk_and_evidence_agree_on_every_file(make_project, run_configfile) -> None:
    configs = {QUOTED: REFERENCE_14_12.read_text(encoding="utf-8"), "manifesto.toml": WAIVERS_14_12}
    guide = make_project(PAGE, {**configs, **BESIDE})
    root = guide / "configs"
    assert run_configfile("lock", cwd=guide).returncode == 0

    gate = run_configfile("check", "--format", "json", cwd=guide)
    assert "Traceback" not in gate.stderr
    orphans = {
        p["location"].removeprefix("configs/")
        for p in json.loads(gate.stdout)["problems"]
        if p["check"] == "orphan"
    }
    walk = subprocess.run(
        [str(Path(sys.executable).parent / "manifesto"), "check", "--format", "json", "IM"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in walk.stderr
    report = json.loads(walk.stdout)
    checked = {c["path"] for c in report["configs"]} | {e["path"] for e in report["errors"]}
    skipped = {s["path"]: s["reason"] for s in report["skipped"]}

    assert orphans == {"IM/ejabberd/ejabberd.yml.example", "IM/lighttpd/lighttpd.conf"}
    assert checked == {QUOTED, "IM/ejabberd/ejabberd.yml.example"}
    assert "the checker knows" in skipped["IM/lighttpd/lighttpd.conf"]
    for name in ("notes.html", "pins.json", "README", "dh.pem"):
        assert skipped[f"IM/ejabberd/{name}"].startswith("not a server config"), name

    for relpath in [QUOTED, *BESIDE]:
        path = root / relpath
        assert is_known_server(path) is (relpath in checked), relpath
        gate_wants_it = relpath == QUOTED or relpath in orphans
        assert is_config_file(path) is gate_wants_it, relpath
        assert gate_wants_it is (relpath in checked or "the checker knows" in skipped[relpath])
