"""The ``configfile`` Sphinx extension: quote numbered excerpts of reference configs."""
