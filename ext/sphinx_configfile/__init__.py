"""The ``configfile`` Sphinx extension: quote numbered excerpts of reference configs.

``extensions = ["sphinx_configfile"]`` in conf.py; the raw-LaTeX bridge is the
opt-in extension ``sphinx_configfile.legacy``. Settings: README, "Settings in conf.py".
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from sphinx_configfile import settings
from sphinx_configfile.evidence import setup_evidence
from sphinx_configfile.gate import setup_gate
from sphinx_configfile.gate.options import DEFAULT_POLICY
from sphinx_configfile.highlight import setup_highlight
from sphinx_configfile.lock import setup_lock
from sphinx_configfile.lock.model import DEFAULT_LOCK_NAME
from sphinx_configfile.quoting import setup_quoting
from sphinx_configfile.state import setup_state
from sphinx_configfile.writers import setup_writers

__version__ = "0.1.0"

# Sphinx discards a pickled environment whose env_version differs, so raise
# this whenever the shape of what the extension keeps on the environment
# (QuoteRecord, the evidence on listing nodes) changes.
ENV_VERSION = 1


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("configfile_root", "../configs", "env", types=[str])
    app.add_config_value("configfile_base_url", "", "env", types=[str])
    app.add_config_value("configfile_orphans_ok", [], "", types=[list, tuple])
    app.add_config_value("configfile_lock", DEFAULT_LOCK_NAME, "", types=[str])
    app.add_config_value("configfile_lock_check", True, "", types=[bool])
    # Read by `configfile check` only (gate_options), never by the build.
    app.add_config_value("configfile_check_policy", DEFAULT_POLICY, "", types=[str])
    app.add_config_value("configfile_check_coverage", True, "", types=[bool])
    app.add_config_value("configfile_server_versions", {}, "", types=[dict])
    app.connect("config-inited", settings.check_settings)
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
