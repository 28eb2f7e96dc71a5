"""What the gate's test guides share: their conf.py, the 14.12 reference config and its waivers.

A module of its own rather than ``conftest``: several test folders have a
``conftest.py``, and ``from conftest import`` takes whichever was loaded last.
"""

from __future__ import annotations

from pathlib import Path

REFERENCE_14_12 = Path(__file__).resolve().parents[2] / "configs/IM/ejabberd/14.12/ejabberd.yml"

# What ejabberd 14.12 cannot express for its web admin listener, as the
# project's configs/manifesto.toml waives it (only the 14.12 part: a waiver
# for a file that is absent would be reported as stale).
WAIVERS_14_12 = "\n".join(
    f'[[waiver]]\npath = "IM/ejabberd/14.12/ejabberd.yml"\nrule = "{rule}"\n'
    f'reason = "ejabberd 14.12 cannot configure this for ejabberd_http."\n'
    for rule in ("MF003", "MF004", "MF005", "MF006")
)

# The gate's guides load the checker's extension and the raw-LaTeX bridge.
CONF_PY = """\
extensions = ["sphinx_configfile", "sphinx_configfile.legacy", "sphinx_manifesto"]
configfile_root = "../configs"
root_doc = "index"
highlight_language = "none"
"""
