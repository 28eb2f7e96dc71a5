"""The ``configfile`` Sphinx extension: quote numbered excerpts of reference configs.

``extensions = ["sphinx_configfile"]`` in conf.py. Its settings are declared
once, in ``settings.SETTINGS`` (the docs' table is made from it).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from sphinx_configfile import settings
from sphinx_configfile.evidence import setup_evidence
from sphinx_configfile.gate import setup_gate
from sphinx_configfile.highlight import setup_highlight
from sphinx_configfile.lock import setup_lock
from sphinx_configfile.quoting import setup_quoting
from sphinx_configfile.state import setup_state
from sphinx_configfile.writers import setup_writers

__version__ = "0.1.0"

# Sphinx discards a pickled environment whose env_version differs, so raise
# this whenever the shape of what the extension keeps on the environment
# (the quote table, the evidence on listing nodes) changes.
ENV_VERSION = 3


def setup(app: Sphinx) -> dict[str, Any]:
    settings.setup_settings(app)
    # Each part registers its own nodes, directives, events and handlers.
    setup_quoting(app)
    setup_highlight(app)
    setup_state(app)  # its doctree-resolved checks run before the writers warm their caches
    setup_writers(app)
    setup_lock(app)
    setup_evidence(app)
    setup_gate(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
