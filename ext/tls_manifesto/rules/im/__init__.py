"""Rules for IM servers only: XMPP and IRC client and server links, and the web admin."""
