"""Sphinx configuration of the Applied Crypto Hardening guide.

Build: ``make html`` and ``make latexpdf`` (both with ``-W --keep-going``:
a warning fails the build).

The guide's text and its reference configs are licensed under CC BY-SA 4.0
(LICENSES/CC-BY-SA-4.0.txt). The Instant Messaging chapter and its configs
are adapted from *Applied Crypto Hardening* by Wolfgang Breyha, David
Durvaux, Tobias Dussa, L. Aaron Kaplan, Florian Mendel, Christian Mock,
Manuel Koschuch, Adi Kriegisch, Ulrich Pöschl, Ramin Sabet, Berg San, Ralf
Schlatterbeck, Thomas Schreck, Alexander Würstlein, Aaron Zauner and Pepi
Zawodsky (https://github.com/BetterCrypto/Applied-Crypto-Hardening),
licensed under CC BY-SA 3.0 Unported, whose section 4(b) allows an adaptation
under a later version with the same licence elements.
"""

from __future__ import annotations

import os

project = "Applied Crypto Hardening"
author = "The hardening guide authors"
copyright = (
    "2013-2026, the hardening guide authors and the Applied Crypto Hardening authors"
    " (CC BY-SA 4.0)"
)
release = "2026"

extensions = [
    "sphinx_configfile",
    # Raw-LaTeX \configfile{...}{...}{...} blocks of the LaTeX edition build as
    # directives, so a page brought over unmigrated still quotes its config.
    "sphinx_configfile.legacy",
    # The glue between the directive and the checker: evidence marks, the
    # Compliance page, the probe table, the rules page, :keys: and the judging
    # of quoted configs by `configfile check`.
    "sphinx_manifesto",
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
# Each caption links to the whole config. By default that is the copy the
# build bundles under _configfile/ in the output, which exists wherever the
# HTML is published. A guide hosted in a real repository names it, e.g.
# CONFIGFILE_BASE_URL=https://forge.example/guide/blob/main/configs/, and its
# captions link there instead (the URL must end in configs/).
configfile_base_url = os.environ.get("CONFIGFILE_BASE_URL", "")

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
