"""Live probing of XMPP (and plain TLS) servers: what a real server accepts, with evidence.

``cli`` parses ``HOST:PORT`` and the mode; ``target`` resolves it once;
``xmpp_stream``, ``xmpp_starttls`` and ``direct_tls`` speak XMPP before or
inside TLS; ``handshake`` does the handshakes of our own; ``scan`` runs
sslyze; ``server_order`` measures the TLS 1.2 cipher order; ``results``
holds the frozen findings and ``render`` prints them.
"""
