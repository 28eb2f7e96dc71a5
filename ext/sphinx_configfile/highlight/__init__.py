"""Which Pygments lexer highlights a config, by name and content, and our own ircd.conf lexer."""
