"""smtpd_tls_protocols -> the protocol versions it refuses, as tls_proto_mask_lims reads it.

src/tls/tls_misc.c (3.6-3.11): the list splits at blanks, commas and
colons; ``!NAME`` excludes a version, a bare ``NAME`` includes it (any
inclusion excludes every version not included), ``>=NAME`` and ``<=NAME``
set the lowest and highest version (3.6 and later; 3.5 knows only names
and ``!``). A name it does not know makes the list invalid, and then
tls_server_init logs "Invalid TLS protocol list" and disables TLS.
"""

from __future__ import annotations

import re

from tls_manifesto.errors import ManifestoError
from tls_manifesto.servers.openssl_options import PROTOCOL_ORDER

_KNOWN = PROTOCOL_ORDER  # SSLv2 ... TLSv1.3, the names of tls_misc.c protocol_table


class InvalidProtocols(ManifestoError, ValueError):
    """A protocol list Postfix refuses; the reader turns it into a located finding."""


def refused_protocols(text: str, bounds_allowed: bool) -> frozenset[str]:
    excluded: set[str] = set()
    included: set[str] = set()
    floor = ceiling = None
    for token in (t for t in re.split(r"[\s,:]+", text) if t):
        if token.startswith((">=", "<=")):
            if not bounds_allowed:
                raise InvalidProtocols(f"{token}: the >= and <= forms are new in Postfix 3.6")
            version = _version(token[2:])
            if token.startswith(">="):
                floor = version
            else:
                ceiling = version
        elif token.startswith("!"):
            excluded.add(_name(token[1:]))
        else:
            included.add(_name(token))
    refused = set(excluded)
    if included:
        refused |= set(_KNOWN) - included
    if floor is not None:
        refused |= set(_KNOWN[: _KNOWN.index(floor)])
    if ceiling is not None:
        refused |= set(_KNOWN[_KNOWN.index(ceiling) + 1 :])
    return frozenset(refused)


def _name(token: str) -> str:
    if token not in _KNOWN:
        raise InvalidProtocols(f"{token!r} is not a protocol name ({', '.join(_KNOWN)})")
    return token


def _version(token: str) -> str:
    """A version by name (TLSv1.2) or, as Postfix also takes, by hex number (0x0303)."""
    if token in _KNOWN:
        return token
    numbers = {"0x0300": "SSLv3", "0x0301": "TLSv1", "0x0302": "TLSv1.1",
               "0x0303": "TLSv1.2", "0x0304": "TLSv1.3"}  # fmt: skip
    found = numbers.get(token.lower() if token.lower().startswith("0x") else f"0x{token}")
    if found is None:
        raise InvalidProtocols(f"{token!r} is not a TLS version the checker knows")
    return found
