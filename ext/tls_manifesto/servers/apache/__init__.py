"""Apache httpd 2.4 with mod_ssl: its config syntax, included files, the model, version profiles."""
