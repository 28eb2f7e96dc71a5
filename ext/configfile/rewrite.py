"""Atomic, byte-preserving rewrites of source files.

``verify --fix`` and ``migrate`` change a few characters of a user's file.
Everything else (line endings, trailing whitespace, encoding) must survive,
and a crash or a full disk must never leave a half-written file: we write a
temporary file next to the target and ``os.replace`` it, which is atomic on
POSIX when both are on the same file system.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from pathlib import Path

SOURCE_ENCODING = "utf-8"


class RewriteError(Exception):
    """A file that cannot be rewritten, as ``path: what is wrong (what to do)``."""


def read_source_text(path: Path) -> str:
    """The file's text with its line endings untouched (no newline translation)."""
    try:
        return path.read_bytes().decode(SOURCE_ENCODING)
    except OSError as exc:
        raise RewriteError(f"{path}: cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise RewriteError(
            f"{path}: not {SOURCE_ENCODING} (byte {exc.start}); save it as {SOURCE_ENCODING}"
        ) from exc


def ensure_writable(path: Path) -> None:
    """Refuse files whose mode has no write bit.

    ``os.access`` is no help here: it says yes to root for every file, and
    the tests and CI run as root. A file someone made read-only is a signal
    that it should not change, so we honour the mode bits themselves.
    """
    mode = path.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise RewriteError(
            f"{path}: file is read-only (mode {stat.S_IMODE(mode):04o}); "
            "make it writable (chmod u+w) and run again"
        )


def write_text_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``, keeping its mode; all or nothing."""
    ensure_writable(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode(SOURCE_ENCODING))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise RewriteError(f"{path}: cannot write: {exc.strerror}") from exc


def write_new_file_atomically(path: Path, text: str) -> None:
    """Create or replace a file we own (the lock), all or nothing."""
    if path.exists():
        write_text_atomically(path, text)
        return
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode(SOURCE_ENCODING))
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise RewriteError(f"{path}: cannot write: {exc.strerror}") from exc


def unified_text_diff(old: str, new: str, name: str) -> str:
    """A ``diff -u`` style patch from ``old`` to ``new``."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )
