"""Probe output on disk: build/probe/*.json per run, and the committed source/_data copy.

The committed file holds normalised results (no timestamps, ports or
temporary paths) keyed by "<server>/<version>", so it only changes when a
server behaves differently; the guide renders it without a live server.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tls_manifesto.probe.render import normalised_dict, render_json
from tls_manifesto.probe.results import ProbeResult

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BUILD_PROBE_DIR = PROJECT_ROOT / "build" / "probe"
COMMITTED_RESULTS = PROJECT_ROOT / "source" / "_data" / "probe-results.json"


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def save_build_copy(name: str, role: str, result: ProbeResult) -> Path:
    path = BUILD_PROBE_DIR / f"{name.replace('/', '-')}-{role}.json"
    _write_atomically(path, render_json(result))
    return path


def server_entry(config: str, probes: dict[str, ProbeResult]) -> dict[str, Any]:
    entry = {
        "config": config,
        "endpoints": {role: normalised_dict(probes[role]) for role in sorted(probes)},
    }
    # Through JSON and back, so tuples compare equal to the lists read from the file.
    return json.loads(json.dumps(entry))


def read_committed() -> dict[str, Any]:
    if not COMMITTED_RESULTS.exists():
        return {"servers": {}}
    return json.loads(COMMITTED_RESULTS.read_text(encoding="utf-8"))


def update_committed(name: str, entry: dict[str, Any]) -> None:
    data = read_committed()
    data.setdefault("servers", {})[name] = entry
    data["about"] = (
        "Normalised output of `manifesto probe` against the reference configs, "
        "run on 127.0.0.1 by `make probe` (tests/live)."
    )
    _write_atomically(COMMITTED_RESULTS, json.dumps(data, indent=2, sort_keys=True) + "\n")


def differences(old: Any, new: Any, where: str = "") -> list[str]:
    """Paths where two JSON values differ, for a readable failure."""
    if isinstance(old, dict) and isinstance(new, dict):
        found: list[str] = []
        for key in sorted(set(old) | set(new)):
            if key not in old or key not in new:
                found.append(f"{where}/{key}: only in {'fresh' if key in new else 'committed'}")
            else:
                found.extend(differences(old[key], new[key], f"{where}/{key}"))
        return found
    if old != new:
        return [f"{where}: committed {json.dumps(old)[:120]}, fresh {json.dumps(new)[:120]}"]
    return []
