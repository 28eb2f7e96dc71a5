"""The one edit a variant makes to a shipped config, shared by the XMPP, web and mail matrices."""

from __future__ import annotations

from dataclasses import dataclass

WEAK_CIPHERS = "ALL:!aNULL"  # RSA key exchange (no forward secrecy), CBC, SHA-1 suites
DH1024_FILE = "{dh1024}"  # filled in with a 1024-bit DH parameters file made by the test


class EditError(Exception):
    """The shipped file no longer has the text an edit replaces."""


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` (one exact occurrence in the shipped text) with ``new``."""

    old: str
    new: str
