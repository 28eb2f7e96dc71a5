"""An empty config is said to be empty instead of becoming an empty listing."""

from __future__ import annotations

import re

PAGE = """\
Guide
=====

.. configfile-section:: IM/srv

.. configfile:: empty.conf

.. raw:: latex

   \\configfile{empty.conf}{}{Empty}

.. configfile:: blank.conf
"""


# The page quotes in both forms: the directive and the raw-LaTeX macro.
LEGACY = 'extensions.append("sphinx_configfile.legacy")\n'


def test_empty_config_is_a_located_warning_in_both_forms(make_app, make_project, listings):
    configs = {"IM/srv/empty.conf": b"", "IM/srv/blank.conf": b"\n\n"}
    source = make_project(PAGE, configs, LEGACY) / "source"
    app = make_app("html", srcdir=source)
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app._warning.getvalue())
    message = "WARNING: configfile: empty.conf is empty; there is nothing to quote"
    assert f"{source / 'index.rst'}:6: {message}" in warnings
    assert f"{source / 'index.rst'}:10: {message}" in warnings
    # Blank lines are lines: a config of two empty lines is quoted as it is.
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert listings(html) == [[(1, ""), (2, "")]]
