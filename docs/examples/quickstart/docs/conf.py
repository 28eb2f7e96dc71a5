project = "Example hardening notes"

# sphinx_manifesto lets the manifesto checker judge the quoted configs and
# answer :keys:; without it, `configfile check` lists them as not judged.
extensions = ["sphinx_configfile", "sphinx_manifesto"]

# The configs live beside the docs: <repository>/configs/<section>/<subsection>/.
configfile_root = "../configs"
