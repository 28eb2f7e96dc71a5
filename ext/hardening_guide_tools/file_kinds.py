"""What a file beside the configs is when it is certainly no server's config.

One rule for both packages: the checker's directory walk and evidence marks
(through ``tls_manifesto.engine.file_roles``, which adds which server reads a
config) and the agreement gate (which wants every config quoted, the
checker's or another server's) ask it, so a ``notes.html`` or a
``pins.json`` is the same thing to each of them: no config.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

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
READ_AT_MOST = 1 << 20  # telling a file by content needs its start, not all of a huge one
_LONGEST_UTF8_SEQUENCE = 4


def not_config_by_name(path: Path) -> str | None:
    """Why ``path`` is no config by its name alone (``not a server config: ...``), or None."""
    suffix_reason = _NOT_CONFIG_SUFFIXES.get(path.suffix.lower())
    if suffix_reason is not None:
        return f"not a server config: {suffix_reason}"
    name = path.name.lower()
    for pattern, what in _NOT_CONFIG_NAMES.items():
        if fnmatch.fnmatchcase(name, pattern):
            return f"not a server config: {what}"
    return None


def read_start(path: Path) -> bytes:
    """The first ``READ_AT_MOST`` bytes; OSError when the file cannot be read."""
    with path.open("rb") as handle:
        return handle.read(READ_AT_MOST)


def not_config_by_content(data: bytes) -> str | None:
    """Binary data and PEM blocks are no config, whatever their name."""
    if b"\0" in data:
        return "not a server config: binary data"
    if data.decode("utf-8", errors="replace").lstrip().startswith("-----BEGIN "):
        return f"not a server config: {_NOT_CONFIG_SUFFIXES['.pem']}"
    return None


def is_utf8(data: bytes) -> bool:
    """Whether ``data`` (the start of a file, as ``read_start`` gives it) is UTF-8 text."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        # A read cut short may split the last character: that is no bad byte.
        truncated = len(data) == READ_AT_MOST
        return truncated and error.start >= len(data) - _LONGEST_UTF8_SEQUENCE
    return True


def not_config_reason(path: Path) -> str | None:
    """Why ``path`` is no server's config, or None when it may be one (UTF-8 text)."""
    by_name = not_config_by_name(path)
    if by_name is not None:
        return by_name
    try:
        data = read_start(path)
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    by_content = not_config_by_content(data)
    if by_content is not None:
        return by_content
    return None if is_utf8(data) else "not a server config: not UTF-8 text"
