extensions = ["sphinx_configfile", "sphinx_configfile.legacy"]
configfile_root = "configs"
numfig = True
project = "configfile translated"
exclude_patterns = ["_build", "configs", "locale"]
language = "de"
locale_dirs = ["locale"]
gettext_compact = False
# Literal blocks are messages here; the listings must still not be.
gettext_additional_targets = ["literal-block"]
