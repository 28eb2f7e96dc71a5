"""Live probing of XMPP servers over STARTTLS: what a real server accepts, with evidence."""
