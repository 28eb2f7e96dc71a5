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

import fnmatch
from dataclasses import dataclass
from pathlib import Path

from tls_manifesto.engine.detect import kind_from_content, kind_from_name
from tls_manifesto.engine.waivers import WAIVER_FILE_NAME

# Files beside configs that are certainly no config of any server, by suffix.
_NOT_CONFIG_SUFFIXES = {
    ".md": "documentation",
    ".rst": "documentation",
    ".txt": "text",
    ".html": "documentation",
    ".pdf": "documentation",
    ".py": "source code",
    ".json": "JSON data",
    ".toml": "TOML data",
    ".pem": "PEM data (a key, a certificate or DH parameters)",
    ".crt": "a certificate",
    ".key": "a key",
    ".csr": "a certificate request",
    ".der": "DER data (a key or a certificate)",
    ".p12": "a PKCS #12 bundle",
}
# ... and by name, in any case.
_NOT_CONFIG_NAMES = {"readme*": "documentation", "license*": "a licence"}
_READ_AT_MOST = 1 << 20  # content detection needs the start of a file, not all of a huge one
_LONGEST_UTF8_SEQUENCE = 4


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
    not_config = _not_config_by_name(path)
    if not_config is not None:
        return FileRole(None, is_config=False, reason=not_config)
    try:
        with path.open("rb") as handle:
            data = handle.read(_READ_AT_MOST)
    except OSError as error:
        return FileRole(None, is_config=False, reason=f"cannot be read ({error.strerror})")
    if b"\0" in data:
        return FileRole(None, is_config=False, reason="not a server config: binary data")
    text = data.decode("utf-8", errors="replace")
    if text.lstrip().startswith("-----BEGIN "):
        reason = f"not a server config: {_NOT_CONFIG_SUFFIXES['.pem']}"
        return FileRole(None, is_config=False, reason=reason)
    kind = kind_from_content(text)
    if kind is not None:
        # Even when not valid UTF-8: loading it then says at which line.
        return FileRole(kind, is_config=True)
    if not _is_utf8(data, truncated=len(data) == _READ_AT_MOST):
        return FileRole(None, is_config=False, reason="not a server config: not UTF-8 text")
    return FileRole(
        None, is_config=True, reason="no server config the checker knows, by name or by content"
    )


def _not_config_by_name(path: Path) -> str | None:
    if path.name == WAIVER_FILE_NAME:
        return "the checker's waiver file"
    suffix_reason = _NOT_CONFIG_SUFFIXES.get(path.suffix.lower())
    if suffix_reason is not None:
        return f"not a server config: {suffix_reason}"
    name = path.name.lower()
    for pattern, what in _NOT_CONFIG_NAMES.items():
        if fnmatch.fnmatchcase(name, pattern):
            return f"not a server config: {what}"
    return None


def _is_utf8(data: bytes, truncated: bool) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        # A read cut short may split the last character: that is no bad byte.
        return truncated and error.start >= len(data) - _LONGEST_UTF8_SEQUENCE
    return True
