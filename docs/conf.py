"""Sphinx configuration of the hardening guide toolchain's documentation.

Build: ``make docs`` (``-W --keep-going``: a warning fails the build) into
``build/docs``. The pages are MyST Markdown, and they quote their examples
with the ``configfile`` directive they document.
"""

from __future__ import annotations

project = "hardening-guide-tools"
author = "The hardening guide toolchain authors"
copyright = "2026, the hardening guide toolchain authors (MIT)"

extensions = ["myst_parser", "sphinx_configfile", "sphinx_manifesto"]

# The examples the pages quote live in examples/<section>/<subsection>/.
# examples/quickstart/ is a complete small project of its own (the one the
# quickstart builds), so Sphinx must not read its pages as ours.
configfile_root = "examples"
# settings-table.md is made from sphinx_configfile.settings.SETTINGS and
# included by directive.md (tests/docs/test_settings_table.py keeps it current).
exclude_patterns = ["examples", "_build", "settings-table.md"]

# Cross-references to headings: [text](checker.md#waivers).
myst_heading_anchors = 3

numfig = True
numfig_format = {"code-block": "Listing %s"}

root_doc = "index"
language = "en"
highlight_language = "none"

html_theme = "furo"
html_title = "hardening-guide-tools"
html_static_path = ["_static"]
html_css_files = ["docs.css"]
