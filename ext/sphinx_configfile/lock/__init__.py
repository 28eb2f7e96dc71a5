"""The lock file: what every quote showed when approved, and the build's warnings about drift."""

from __future__ import annotations

from sphinx.application import Sphinx


def setup_lock(app: Sphinx) -> None:
    # Imported here, not at the top: other parts import single modules of this
    # package (a leaf such as lock.model), and loading every module with them
    # would close an import cycle.
    from sphinx_configfile.lock.build_warnings import warn_about_lock_drift

    app.connect("env-updated", warn_about_lock_drift)
