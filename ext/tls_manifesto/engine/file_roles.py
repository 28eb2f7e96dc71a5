"""One rule for what a file beside the configs is: a config the checker reads, another
server's config, or no config at all.

The directory walk checks the first kind and names the others with the
reason it skipped them; the agreement gate wants every config quoted, the
checker's or another server's (an nginx ``default``, a Postfix
``main.cf``); evidence marks answer for the checker's. All three ask
``file_role``, so a ``notes.html`` or a ``pins.json`` is the same thing to
each of them: no config.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hardening_guide_tools.file_kinds import (
    is_utf8,
    not_config_by_content,
    not_config_by_name,
    read_start,
)

from tls_manifesto.engine.detect import kind_from_content, kind_from_name
from tls_manifesto.engine.waivers import WAIVER_FILE_NAME


@dataclass(frozen=True)
class FileRole:
    """What a file is. ``kind``: the checker reads it as that format; else ``is_config``
    says whether it is another server's config, and ``reason`` why the checker skips it."""

    kind: str | None
    is_config: bool
    reason: str | None = None


def file_role(path: Path) -> FileRole:
    kind = kind_from_name(path)
    if kind is not None:
        return FileRole(kind, is_config=True)
    if path.name == WAIVER_FILE_NAME:
        return FileRole(None, is_config=False, reason="the checker's waiver file")
    not_config = not_config_by_name(path)
    if not_config is not None:
        return FileRole(None, is_config=False, reason=not_config)
    try:
        data = read_start(path)
    except OSError as error:
        return FileRole(None, is_config=False, reason=f"cannot be read ({error.strerror})")
    not_config = not_config_by_content(data)
    if not_config is not None:
        return FileRole(None, is_config=False, reason=not_config)
    kind = kind_from_content(data.decode("utf-8", errors="replace"))
    if kind is not None:
        # Even when not valid UTF-8: loading it then says at which line.
        return FileRole(kind, is_config=True)
    if not is_utf8(data):
        return FileRole(None, is_config=False, reason="not a server config: not UTF-8 text")
    return FileRole(
        None, is_config=True, reason="no server config the checker knows, by name or by content"
    )
