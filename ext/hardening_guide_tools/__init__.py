"""What both packages of this distribution share, and nothing else.

``sphinx_configfile`` (the Sphinx extension) and ``tls_manifesto`` (the
checker) each stand on their own; a helper both need lives here, under the
distribution's own import name, so neither reaches into the other's
internals and no third copy grows.
"""
