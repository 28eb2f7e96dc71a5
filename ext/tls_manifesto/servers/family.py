"""What the checker knows of one server family, in one object: the unit of the registry.

A ``ServerFamily`` names the config formats it reads, says how each is
recognised (file name, then content), reads a file into the model with the
one signature every family shares, and carries its version profile rows,
the comment syntax ``:keys:`` quotes and the Pygments lexer that shows its
configs. Detection, loading, ``:keys:``, the CLI's choices and messages all
read ``tls_manifesto.servers.registry.FAMILIES``; a new family is a folder
under ``servers/`` and one line there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hardening_guide_tools.config_text import split_lines

from tls_manifesto.model import Chapter, ServerConfig
from tls_manifesto.servers.profile_table import ProfileRow
from tls_manifesto.servers.versions import VersionOption

if TYPE_CHECKING:
    from tls_manifesto.keypaths.grammar import KeyPath

# The lines each key path shows, and the lines of its leaf settings (whose
# comments above are quoted too): what a format's :keys: resolver returns.
ResolvedKeys = list[tuple[set[int], set[int]]]
KeyResolver = Callable[[str, str, Sequence["KeyPath"]], ResolvedKeys]


@dataclass(frozen=True)
class ReadRequest:
    """How the user asked a config to be read: its kind, and the version to judge it as.

    ``option`` holds the ``--server-version`` values; ``server`` a server the
    user named with ``--kind`` (``charybdis``) for a format several servers read.
    """

    kind: str
    option: VersionOption | None = None
    server: str | None = None


Reader = Callable[[str, str, ReadRequest], ServerConfig]


@dataclass(frozen=True)
class ConfigFormat:
    """One kind of config file a family reads (``ejabberd-yaml``), and how to know it."""

    kind: str  # the --kind value and ServerConfig.kind
    file_name: re.Pattern[str]  # searched in the lower-cased base name
    shown_name: str  # the names it matches, for messages: "ejabberd*.yml"
    # Lines typical of this format and unlikely in the others.
    content_markers: tuple[re.Pattern[str], ...]
    comment_prefixes: tuple[str, ...]  # how a comment line starts, for :keys:
    lexer: str  # the Pygments lexer name that highlights it
    resolve_keys: KeyResolver | None = None  # None: :keys: cannot name its settings


@dataclass(frozen=True)
class ServerFamily:
    """A server family: its formats, its servers' version profiles, and its reader."""

    name: str  # "ejabberd", "ircd"
    formats: tuple[ConfigFormat, ...]
    # The servers whose versions it judges (--server-version SERVER=...), each with
    # its profile rows; several when servers share a format (Charybdis, Solanum).
    profile_rows: Mapping[str, Sequence[ProfileRow]]
    read: Reader  # read(path, text, request) -> ServerConfig, includes and all
    # The guide chapter whose policy judges it: "im", "web" or "mail".
    chapter: Chapter = "im"

    @property
    def servers(self) -> tuple[str, ...]:
        return tuple(self.profile_rows)


def config_lines(text: str) -> tuple[str, ...]:
    """The lines of a config's text, as evidence quotes them (and as the directive numbers
    them: a form feed inside a comment is no line break)."""
    return tuple(split_lines(text))
