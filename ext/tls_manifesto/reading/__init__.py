"""What every reader shares: bounds on hostile input, and reading a config with its includes.

Parsers, server families and the engine all read files; this package sits below
them, so a family imports no part of the engine that dispatches to it.
"""
