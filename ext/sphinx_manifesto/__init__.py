"""Where the directive and the checker meet; in conf.py::

    extensions = ["sphinx_configfile", "sphinx_manifesto"]

The only package that imports both ``sphinx_configfile`` and ``tls_manifesto``.
``sphinx_configfile`` never imports it: it asks through Sphinx events
(``configfile-evidence``, ``configfile-keys``, ``configfile-judge``, ...),
and each part here answers some of them or adds a directive, with its own
``setup_<part>(app)``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from sphinx_manifesto.compliance import setup_compliance
from sphinx_manifesto.evidence import setup_evidence
from sphinx_manifesto.judge import setup_judge
from sphinx_manifesto.keys import setup_keys
from sphinx_manifesto.probe_table import setup_probe_table
from sphinx_manifesto.rules_page import setup_rules_page

__version__ = "1.0"

# Sphinx discards a pickled environment whose env_version differs: raise it
# when the shape of the compliance records kept on the environment changes.
ENV_VERSION = 1


def setup(app: Sphinx) -> dict[str, Any]:
    # Every part answers events the configfile extension declares.
    app.setup_extension("sphinx_configfile")
    setup_evidence(app)
    setup_compliance(app)
    setup_probe_table(app)
    setup_rules_page(app)
    setup_keys(app)
    setup_judge(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
