"""Rules on TLS itself, for every chapter: ciphers, protocols, order, groups, certificates."""
