"""The guide's ``make html`` and ``make latexpdf`` builds: fresh, then after touching a config.

The commands are the Makefile's recipes (``-W --keep-going``) run with this
interpreter, without the Makefile's install step. "After touching one
config" sets the most quoted config's modification time ahead, rebuilds
into the same output, and puts the time back.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

SPHINXOPTS = ("-W", "--keep-going")
MANIFEST = "configfiles.json"


class GuideBuildError(Exception):
    """A build of the guide failed: the message names the command and ends with its stderr."""


def _timed(command: list[str]) -> dict[str, float]:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # The children's time too (latexmk and the TeX runs of latexpdf).
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        tail = "\n".join(stderr.splitlines()[-15:])
        raise GuideBuildError(f"{' '.join(command)} failed\n{tail}")
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime}


def _commands(root: Path, out: Path) -> dict[str, tuple[list[str], Path]]:
    sphinx = [sys.executable, "-m", "sphinx"]
    source = str(root / "source")
    return {
        "html": ([*sphinx, "-b", "html", *SPHINXOPTS, source, str(out / "html")], out / "html"),
        "latexpdf": ([*sphinx, "-M", "latexpdf", source, str(out), *SPHINXOPTS], out / "latex"),
    }


def most_quoted_config(html_out: Path, configs_root: Path) -> Path:
    """The config the most quotes of the guide show (from the build's configfiles.json)."""
    quotes = json.loads((html_out / MANIFEST).read_text(encoding="utf-8"))["quotes"]
    if not quotes:
        raise GuideBuildError(f"{html_out / MANIFEST}: the guide quotes no config")
    relpath, _ = Counter(quote["config_relpath"] for quote in quotes).most_common(1)[0]
    return configs_root / relpath


def guide_times(root: Path, out: Path, targets: tuple[str, ...]) -> dict[str, object]:
    """Per target: fresh build, then rebuild after touching the most quoted config."""
    commands = _commands(root, out)
    results: dict[str, object] = {}
    touched: Path | None = None
    for target in targets:
        command, target_out = commands[target]
        shutil.rmtree(target_out, ignore_errors=True)
        fresh = _timed(command)
        if touched is None:
            # Every builder writes the manifest into its output directory.
            touched = most_quoted_config(target_out, root / "configs")
        before = touched.stat()
        future = time.time() + 2
        os.utime(touched, (future, future))
        try:
            again = _timed(command)
        finally:
            os.utime(touched, ns=(before.st_atime_ns, before.st_mtime_ns))
        results[target] = {"fresh": fresh, "touched_config": again}
    results["config"] = str(touched.relative_to(root)) if touched else None
    return results
