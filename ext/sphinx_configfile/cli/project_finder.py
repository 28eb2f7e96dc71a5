"""Which Sphinx project ``configfile`` works on when no ``--source`` names one.

A pre-commit hook cannot be given arguments by ``pre-commit try-repo``, and
a guide made by ``sphinx-quickstart --sep`` keeps conf.py in
``docs/source``, not in this guide's ``source``. So: ``source/conf.py`` when
there is one (this guide's layout), else the only conf.py in the tree below
the working directory (a repository's root, where pre-commit runs hooks).
Several, or none, is bad input that names them.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx_configfile.gate.agreement import ProjectError

DEFAULT_SOURCE = Path("source")
# Directories no guide's conf.py lives in, and that can be large: virtualenvs
# (found by their pyvenv.cfg too), dependencies, build output.
SKIPPED_DIRECTORIES = frozenset(
    {"node_modules", "site-packages", "__pycache__", "build", "_build", "dist", "venv"}
)
MAX_DEPTH = 4  # docs/source/conf.py is 2 deep; a tree walked deeper is not a guide's
SHOWN = 5  # of several projects, the first few: enough to see what --source wants


def find_source_dir(start: Path) -> Path:
    """The source dir to use, relative to ``start`` (``start`` is the working directory)."""
    if (start / DEFAULT_SOURCE / "conf.py").is_file():
        return DEFAULT_SOURCE
    found = sorted(_conf_py_dirs(start))
    if len(found) == 1:
        return found[0]
    if not found:
        raise ProjectError(
            f"{start}: no Sphinx conf.py in this directory or below "
            f"{MAX_DEPTH} levels (pass --source DIR)"
        )
    names = ", ".join(str(directory) for directory in found[:SHOWN])
    if len(found) > SHOWN:
        names += f" and {len(found) - SHOWN} more"
    raise ProjectError(
        f"{start}: several Sphinx projects ({names}); pass --source DIR to choose one"
    )


def _conf_py_dirs(start: Path) -> list[Path]:
    found = []
    for directory, subdirectories, files in os.walk(start):
        relative = Path(directory).relative_to(start)
        if "conf.py" in files:
            found.append(relative)
        if len(relative.parts) >= MAX_DEPTH or "pyvenv.cfg" in files:
            subdirectories[:] = []
            continue
        subdirectories[:] = [
            name
            for name in subdirectories
            if not name.startswith(".") and name not in SKIPPED_DIRECTORIES
        ]
    return found
