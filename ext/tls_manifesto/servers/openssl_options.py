"""OpenSSL ``SSL_OP_NO_*`` option names as ejabberd (fast_tls) and Prosody (LuaSec) spell them."""

from __future__ import annotations

# Option name -> the protocol version it disables (OpenSSL SSL_CTX_set_options(3)).
NO_PROTOCOL = {
    "no_sslv2": "SSLv2",
    "no_sslv3": "SSLv3",
    "no_tlsv1": "TLSv1",
    "no_tlsv1_1": "TLSv1.1",
    "no_tlsv1_2": "TLSv1.2",
    "no_tlsv1_3": "TLSv1.3",
}

# Protocol versions, oldest first.
PROTOCOL_ORDER = ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
