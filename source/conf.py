"""Sphinx configuration of the Applied Crypto Hardening guide.

Build: ``make html`` and ``make latexpdf`` (both with ``-W --keep-going``:
a warning fails the build).
"""

from __future__ import annotations

import os

project = "Applied Crypto Hardening"
author = "The hardening guide authors"
copyright = "2013-2026, the hardening guide authors (CC BY 4.0)"
release = "2026"

extensions = [
    "sphinx_configfile",
    "tls_manifesto.sphinx_probe_table",
    "tls_manifesto.sphinx_rules",
    "tls_manifesto.sphinx_evidence",
    "tls_manifesto.sphinx_compliance",
]

# Mark each quoted line that a manifesto rule cites for a pass, and put the
# config's verdicts under each listing (False turns both off).
configfile_evidence = True
manifesto_policy = "require-fs"
# Configs covered by these committed live results are shown as "live-verified".
manifesto_probe_results = "_data/probe-results.json"

# Reference configs quoted by the ``configfile`` directive live in
# ``<configfile_root>/<section>/<subsection>/``; relative to this directory.
configfile_root = "../configs"
# Each listing links to its file in the repository. Forks and mirrors set
# CONFIGFILE_BASE_URL instead of editing this file.
configfile_base_url = os.environ.get(
    "CONFIGFILE_BASE_URL",
    "https://github.com/hardening-guide/guide/blob/main/configs/",
)

# Listings are numbered so the text can refer to them (:numref:).
numfig = True
numfig_format = {"code-block": "Listing %s"}

root_doc = "index"
exclude_patterns = ["_build"]
language = "en"
highlight_language = "none"

html_theme = "alabaster"
html_title = project

# pdflatex with the TeX Gyre fonts Sphinx selects by default for pdflatex.
latex_engine = "pdflatex"
latex_documents = [
    (root_doc, "applied-crypto-hardening.tex", project, author, "manual"),
]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
}
