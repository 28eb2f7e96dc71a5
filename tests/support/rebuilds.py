"""Compare an incremental build with a fresh one: the promise is that they give the same output.

Each build is ``python -m sphinx`` in its own process, as ``make html`` runs
it, with the doctrees inside the output directory (``sphinx-build``'s
default), so a second build into the same output is incremental.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# Differ between any two builds, or between two checkouts, by design.
_NOT_COMPARED = (".doctrees", ".buildinfo", "_static", "searchindex.js", "objects.inv")


def sphinx_build(srcdir: Path, outdir: Path, *options: str, builder: str = "html") -> str:
    """Build and return the warnings; the build must not crash."""
    command = [sys.executable, "-m", "sphinx", "-b", builder, "-q", *options]
    done = subprocess.run(
        [*command, str(srcdir), str(outdir)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def output_files(outdir: Path) -> dict[str, bytes]:
    """Every file of a build's output that its pages show, by path relative to ``outdir``."""
    files: dict[str, bytes] = {}
    for directory, dirs, names in os.walk(outdir):
        dirs[:] = [d for d in dirs if d not in _NOT_COMPARED]
        for name in names:
            if name in _NOT_COMPARED:
                continue
            path = Path(directory, name)
            files[path.relative_to(outdir).as_posix()] = path.read_bytes()
    return files


def fresh_build_elsewhere(srcdir: Path, elsewhere: Path, *options: str, builder: str = "html"):
    """Copy the project to ``elsewhere`` and build it there from nothing.

    Returns (output files, warnings); warnings name the copy's paths, so they
    are given relative to it.
    """
    shutil.copytree(srcdir, elsewhere / "src", ignore=shutil.ignore_patterns("_build*"))
    out = elsewhere / "out"
    warnings = sphinx_build(elsewhere / "src", out, *options, builder=builder)
    return output_files(out), warnings.replace(str(elsewhere / "src"), "<src>")


def assert_same_output(rebuilt: dict[str, bytes], fresh: dict[str, bytes]) -> None:
    """The rebuild's output equals the fresh build's, file by file."""
    assert sorted(rebuilt) == sorted(fresh)
    differing = [name for name in rebuilt if rebuilt[name] != fresh[name]]
    assert differing == [], f"differ from a fresh build: {differing}"
