extensions = ["sphinx_configfile"]
configfile_root = "configs"
numfig = True
project = "configfile test"
exclude_patterns = ["_build", "configs"]
latex_documents = [("index", "configfile-test.tex", "configfile test", "Tests", "howto")]
version = "1.0"
copyright = "2026, Tests"
