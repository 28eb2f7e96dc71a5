project = "Example hardening notes"

extensions = ["sphinx_configfile"]

# The configs live beside the docs: <repository>/configs/<section>/<subsection>/.
configfile_root = "../configs"
