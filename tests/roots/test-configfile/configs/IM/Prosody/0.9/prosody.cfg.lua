c2s_require_encryption = true
s2s_require_encryption = true
ssl = { key = "certs/example.key"; certificate = "certs/example.crt"; }
