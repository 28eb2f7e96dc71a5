"""XMPP before TLS: the stream, STARTTLS, direct TLS (XEP-0368) and SASL offered in clear."""
