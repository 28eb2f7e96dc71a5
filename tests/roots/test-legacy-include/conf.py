extensions = ["sphinx_configfile", "sphinx_configfile.legacy"]
configfile_root = "configs"
project = "legacy quotes in included files"
# The parts are read through ``.. include::`` only, never as pages of their own.
exclude_patterns = ["_build", "configs", "chapters"]
