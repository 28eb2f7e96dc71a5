"""TLS facts: OpenSSL cipher expansion, effective cipher strings, DH parameter files and known
DH groups.
"""
