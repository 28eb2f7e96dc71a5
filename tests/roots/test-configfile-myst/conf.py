extensions = ["myst_parser", "sphinx_configfile"]
configfile_root = "configs"
numfig = True
project = "configfile in MyST"
exclude_patterns = ["_build", "configs"]
