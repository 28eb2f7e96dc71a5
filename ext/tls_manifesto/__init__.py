"""Check reference server configs against the XMPP manifesto (stpeter/manifesto)."""
