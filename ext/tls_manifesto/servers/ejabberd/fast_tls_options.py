"""``protocol_options`` names as ejabberd's TLS library (p1_tls/fast_tls) reads them.

ejabberd joins a ``protocol_options`` list with ``|`` (14.05 and later
``str:join(Options, <<"|">>)``), and fast_tls splits the string at ``|`` and
looks each part up with ``memcmp`` in its table of OpenSSL option names
(c_src/fast_tls.c ``set_option_flag``, c_src/options.h, fast_tls 1.1.26 @
29b6693): case and spaces count, and a name it does not find is skipped
without a word. ``NO_TLSV1`` or ``" no_tlsv1"`` therefore disables nothing.
"""

from __future__ import annotations

from typing import Any

from tls_manifesto.servers.openssl_options import NO_PROTOCOL

_SERVER_ORDER = "cipher_server_preference"


def option_names(value: Any) -> set[str]:
    """The names fast_tls is handed: a list or one ``a|b`` string, split at ``|``."""
    items = value if isinstance(value, list | tuple) else [value]
    return {part for item in items for part in str(item).split("|")}


def ignored_look_alikes(value: Any) -> list[str]:
    """Names fast_tls skips that differ from a protocol or order option only in case or spaces."""
    known = {*NO_PROTOCOL, _SERVER_ORDER}
    return sorted(
        name for name in option_names(value) if name not in known and name.strip().lower() in known
    )
