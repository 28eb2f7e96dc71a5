extensions = ["configfile"]
configfile_root = "configs"
numfig = True
project = "configfile test"
exclude_patterns = ["_build", "configs"]
latex_documents = [("index", "configfile-test.tex", "configfile test", "Tests", "howto")]
