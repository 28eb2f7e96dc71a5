# Three chapters of a hardening guide exactly as pandoc leaves a LaTeX original
# that quoted configs with \configfile[options]{file}{ranges}{caption}: raw-LaTeX
# roles and blocks, wrapped captions with markup, whole-file quotes, configs
# without extensions. The configs are this project's own.
extensions = ["sphinx_configfile", "sphinx_configfile.legacy"]
project = "Legacy guide"
configfile_root = "configs"
root_doc = "index"
highlight_language = "none"
latex_documents = [("index", "legacy-guide.tex", "Legacy guide", "Authors", "manual")]
# The original's preamble: itemize* comes from mdwlist (Debian texlive-latex-extra).
latex_elements = {"preamble": r"\usepackage{mdwlist}"}
