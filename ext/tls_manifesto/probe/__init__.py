"""Live probing of XMPP, mail, web (and plain TLS) servers: what a real server accepts.

``tls_manifesto.cli.probe_command`` parses ``HOST:PORT`` and the mode; ``target``
resolves it once;
``xmpp/`` speaks XMPP before or inside TLS (the stream, STARTTLS, direct
TLS, SASL offered in clear), ``mail/`` SMTP, IMAP and POP3 before TLS, and
``http_check`` reads HSTS and the plain-HTTP redirect; ``handshake`` does the
handshakes of our own; ``scan`` runs sslyze; ``server_order`` measures the
TLS 1.2 cipher order; ``results`` holds the frozen findings and ``render``
prints them.
"""
