"""The server families the checker knows: the one list everything else reads.

Detection (``engine/detect.py``), loading (``engine/loader.py``), ``:keys:``
(``keypaths/``), the ``--kind`` and ``--server-version`` choices and the
messages that name what the checker reads all come from ``FAMILIES``. A new
family is a folder under ``servers/`` with a ``ServerFamily`` and one line
here. Content detection tries the families in this order.
"""

from __future__ import annotations

from pathlib import PurePath

from tls_manifesto.servers.apache.definition import APACHE
from tls_manifesto.servers.dovecot.definition import DOVECOT
from tls_manifesto.servers.ejabberd.definition import EJABBERD
from tls_manifesto.servers.family import ConfigFormat, ServerFamily
from tls_manifesto.servers.ircd.definition import IRCD
from tls_manifesto.servers.nginx.definition import NGINX
from tls_manifesto.servers.postfix.definition import POSTFIX
from tls_manifesto.servers.prosody.definition import PROSODY

FAMILIES: list[ServerFamily] = [EJABBERD, PROSODY, IRCD, NGINX, APACHE, POSTFIX, DOVECOT]


def formats() -> tuple[tuple[ServerFamily, ConfigFormat], ...]:
    """Every config format, with the family that reads it, in registry order."""
    return tuple((family, format_) for family in FAMILIES for format_ in family.formats)


def kinds() -> tuple[str, ...]:
    return tuple(format_.kind for _, format_ in formats())


def family_of_kind(kind: str) -> tuple[ServerFamily, ConfigFormat] | None:
    return next(((f, c) for f, c in formats() if c.kind == kind), None)


def server_names() -> tuple[str, ...]:
    """The servers whose versions the checker judges: ``--server-version SERVER=...``."""
    return tuple(server for family in FAMILIES for server in family.servers)


def server_kinds() -> dict[str, str]:
    """Servers ``--kind`` accepts by name: those that share their family's one format
    with another server (``--kind solanum`` is ircd.conf, read as Solanum's)."""
    return {
        server: family.formats[0].kind
        for family in FAMILIES
        if len(family.formats) == 1 and len(family.servers) > 1
        for server in family.servers
    }


def shown_names() -> str:
    """The file names the checker recognises, for messages: 'ejabberd*.yml, ... ircd*.conf'."""
    return ", ".join(format_.shown_name for _, format_ in formats())


def format_by_name(path: str | PurePath) -> ConfigFormat | None:
    """The format whose file names match ``path``'s base name (any case)."""
    name = PurePath(path).name.lower()
    return next((f for _, f in formats() if f.file_name.search(name)), None)


def format_by_content(text: str) -> ConfigFormat | None:
    """The first format, in registry order, one of whose content markers ``text`` has."""
    # A byte-order mark is no whitespace to ``^\s*``; the file is still that server's.
    text = text.removeprefix("\ufeff")
    return next(
        (f for _, f in formats() if any(marker.search(text) for marker in f.content_markers)),
        None,
    )


def lexer_for(path: str | PurePath, text: str | None = None) -> str | None:
    """The Pygments lexer name for a config a family recognises (by name, else content).

    For the Sphinx side, through ``sphinx_manifesto``: ``sphinx_configfile``
    imports no checker. None for a file no family reads.
    """
    found = format_by_name(path) or (format_by_content(text) if text is not None else None)
    return found.lexer if found is not None else None
