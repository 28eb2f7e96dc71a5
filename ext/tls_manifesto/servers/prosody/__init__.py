"""Prosody: the Lua config and its includes into the server model, certificate search, version
profile.
"""
