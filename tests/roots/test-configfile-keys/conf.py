extensions = ["sphinx_configfile", "sphinx_manifesto"]
configfile_root = "configs"
numfig = True
project = "configfile keys test"
exclude_patterns = ["_build", "configs"]
latex_documents = [("index", "keys-test.tex", "keys test", "Tests", "howto")]
version = "1.0"
copyright = "2026, Tests"
