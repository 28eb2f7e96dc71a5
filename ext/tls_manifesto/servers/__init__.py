"""Interpreters, one per server family: a format tree -> ``tls_manifesto.model.ServerConfig``.

Each interpreter knows its server's option names per version, resolves
inheritance (global options, scopes, listener options) and records the
lines that set every value.
"""
