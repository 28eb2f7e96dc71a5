"""Where the directive and the checker meet: the agreement gate, evidence answers, the
Compliance page, the probe table and the rules appendix.

The only package that imports both ``sphinx_configfile`` and ``tls_manifesto``.
"""
