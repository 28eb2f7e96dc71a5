# The guide's IM chapter exactly as the LaTeX conversion left it (raw-LaTeX
# \configfile macros), with numbered stand-in configs at the paths it names.
extensions = ["sphinx_configfile", "sphinx_configfile.legacy"]
configfile_root = "configs"
root_doc = "index"
highlight_language = "none"
