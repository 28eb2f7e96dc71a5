"""Which server a config file is for: from its name, else from its content.

Both read the formats of ``tls_manifesto.servers.registry.FAMILIES``.
"""

from __future__ import annotations

from pathlib import PurePath

from tls_manifesto.model import ConfigError
from tls_manifesto.servers import registry


def kind_from_name(path: str | PurePath) -> str | None:
    found = registry.format_by_name(path)
    return found.kind if found is not None else None


def kind_from_content(text: str) -> str | None:
    found = registry.format_by_content(text)
    return found.kind if found is not None else None


def detect_kind(path: str | PurePath, text: str) -> str:
    """The config kind from the file name, else from the content; ConfigError if neither."""
    kind = kind_from_name(path) or kind_from_content(text)
    if kind is None:
        raise ConfigError(
            str(path), None, "cannot tell which server this config is for (use --kind)"
        )
    return kind


def kind_choices() -> tuple[str, ...]:
    """What ``--kind`` takes: every format's kind, and servers that share one format."""
    return (*registry.kinds(), *registry.server_kinds())


def parse_kind(value: str) -> str:
    """A ``--kind`` value: a format (``ejabberd-yaml``), or a server named for its format."""
    by_server = registry.server_kinds()
    if value in by_server:
        return by_server[value]
    if value in registry.kinds():
        return value
    known = ", ".join(kind_choices())
    raise ConfigError("--kind", None, f"unknown kind {value!r} (use one of {known})")


def server_of_kind(value: str | None) -> str | None:
    """``--kind charybdis`` or ``--kind solanum`` names the server too; a format does not."""
    return value if value in registry.server_kinds() else None
