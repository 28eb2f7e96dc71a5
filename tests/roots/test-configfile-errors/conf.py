extensions = ["sphinx_configfile"]
configfile_root = "configs"
project = "configfile error cases"
exclude_patterns = ["_build", "configs", "outside"]
