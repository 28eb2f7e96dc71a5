"""What an excerpt is made of: the config file read and numbered, its path under the configs
root, the line ranges of `:lines:`, and the doctree nodes of a listing.

Everything that handles a quote (the directive, per-build state, writers, the
lock and the gate) stands on these; they import none of it.
"""
