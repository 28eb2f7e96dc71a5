"""The ``manifesto`` command: check, rules, ciphers and probe."""
