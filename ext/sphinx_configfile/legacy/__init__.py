"""The raw-LaTeX bridge: ``\\configfile{file}{ranges}{caption}`` pages build as directives, and
``migrate`` rewrites them.

An extension of its own, for guides that still have such pages::

    extensions = ["sphinx_configfile", "sphinx_configfile.legacy"]

Without it a raw LaTeX block is left alone, as Sphinx leaves it.
``configfile migrate`` works either way.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_configfile")
    # Imported here: the bridge's modules load only for a guide that enables it.
    from sphinx_configfile.legacy.transform import LegacyConfigfileTransform

    app.add_transform(LegacyConfigfileTransform)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
