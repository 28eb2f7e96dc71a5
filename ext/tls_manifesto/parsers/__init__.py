"""One parser per config format: text -> a format tree with a line on every value.

Parsers know nothing about servers; ``tls_manifesto.servers`` interprets the trees.
Every parser raises ``tls_manifesto.model.ConfigError`` (path and line) for bad input.
"""
