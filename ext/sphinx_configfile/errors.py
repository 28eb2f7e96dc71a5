"""The base of every error ``sphinx_configfile`` raises on purpose.

``except ConfigfileToolError`` catches bad input of any kind (a range, a
path, a key, the lock, a legacy block) and nothing else: any other
exception is a bug in the extension, and surfaces as one.
"""

from __future__ import annotations


class ConfigfileToolError(Exception):
    """An error ``sphinx_configfile`` reports to the user, with what to do about it."""
