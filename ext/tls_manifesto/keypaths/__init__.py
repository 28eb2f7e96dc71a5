"""The ``:keys:`` grammar, and the resolvers of the formats several families share.

``grammar`` parses ``listen[port=5222].starttls_required``; ``yaml_keys``,
``lua_keys`` and ``ircd_keys`` find such paths in their parser's located tree.
``tls_manifesto.engine.keys`` dispatches a config to its family's resolver.
"""
