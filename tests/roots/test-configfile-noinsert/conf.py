extensions = ["sphinx_configfile"]
configfile_root = "configs"
project = "configfile without file insertion"
exclude_patterns = ["_build", "configs"]
