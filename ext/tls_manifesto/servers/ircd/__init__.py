"""ircd.conf of Charybdis and Solanum: the family, included files, the model, version profiles."""
