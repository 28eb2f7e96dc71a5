"""`manifesto probe` run as the user runs it: a subprocess, its output and its time."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass

PROBE = [sys.executable, "-m", "tls_manifesto.cli.main", "probe"]


@dataclass(frozen=True)
class ProbeRun:
    returncode: int
    stdout: str
    stderr: str
    seconds: float  # wall time of the whole command, start-up included


def run_probe(*args: str, timeout: float = 120) -> ProbeRun:
    start = time.monotonic()
    done = subprocess.run(
        [*PROBE, *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    return ProbeRun(done.returncode, done.stdout, done.stderr, time.monotonic() - start)


def assert_one_line_error(run: ProbeRun, expected: str) -> str:
    """Exit 2, nothing on stdout, one line on stderr that contains ``expected``."""
    assert run.returncode == 2, run
    assert run.stdout == ""
    assert "Traceback" not in run.stderr, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("manifesto probe: "), lines[0]
    assert expected in lines[0], lines[0]
    return lines[0]
