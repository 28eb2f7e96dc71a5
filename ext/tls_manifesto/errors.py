"""The base of every error the checker raises on purpose.

``except ManifestoError`` catches bad input of any kind (a config, a cipher
string, a key path, a probe target) and nothing else: an exception that is
not one is a bug in the checker, and surfaces as one.
"""

from __future__ import annotations


class ManifestoError(Exception):
    """An error the checker reports to the user, with what to do about it."""
