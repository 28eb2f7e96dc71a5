"""Dovecot: dovecot.conf and its includes into the server model, version profiles (2.3, 2.4)."""
