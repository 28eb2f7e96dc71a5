"""The lock file: what every quote showed when approved, and the build's warnings about drift."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

# The lock file's name relative to the source dir, unless ``configfile_lock`` names another.
DEFAULT_LOCK_NAME = "configfiles.lock"


def lock_path_of(srcdir: Path | str, lock_name: str) -> Path:
    return Path(srcdir) / lock_name


def setup_lock(app: Sphinx) -> None:
    # Imported here, not at the top: other parts import single modules of this
    # package (a leaf such as lock.model), and loading every module with them
    # would close an import cycle.
    from sphinx_configfile.lock.build_warnings import warn_about_lock_drift

    app.connect("env-updated", warn_about_lock_drift)
