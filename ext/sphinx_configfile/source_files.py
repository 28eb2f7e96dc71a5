"""Reading and writing a user's source files: byte-preserving, atomic, refused when read-only.

``verify --fix``, ``migrate`` and ``lock`` change a user's files. Everything
else (line endings, trailing whitespace, encoding) must survive, and a crash
or a full disk must never leave a half-written file: we write a temporary
file next to the target and ``os.replace`` it, which is atomic on POSIX when
both are on the same file system.
"""

from __future__ import annotations

import difflib
import stat
from pathlib import Path

from hardening_guide_tools.atomic_file import write_atomically
from hardening_guide_tools.config_text import line_at_offset

from sphinx_configfile.errors import ConfigfileToolError

SOURCE_ENCODING = "utf-8"


class RewriteError(ConfigfileToolError):
    """A file that cannot be rewritten, as ``path: what is wrong (what to do)``."""


def read_source_text(path: Path) -> str:
    """The file's text with its line endings untouched (no newline translation)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RewriteError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        text = data.decode(SOURCE_ENCODING)
    except UnicodeDecodeError as exc:
        line = line_at_offset(data, exc.start)
        bad = data[exc.start : exc.start + 1].hex()
        raise RewriteError(f"{path}:{line}: not UTF-8 (byte 0x{bad}); save it as UTF-8") from exc
    if "\r" in text and "\n" not in text:
        # The rewriters find lines at "\n"; docutils also splits at a lone
        # CR, so such a page would be one line here and many in the build.
        raise RewriteError(
            f"{path}: lines end in a lone CR (classic Mac); "
            "convert the page to LF or CRLF line endings and run again"
        )
    return text


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
    try:
        write_atomically(path, text, encoding=SOURCE_ENCODING)
    except OSError as exc:
        raise RewriteError(f"{path}: cannot write: {exc.strerror}") from exc


def write_new_file_atomically(path: Path, text: str) -> None:
    """Create or replace a file we own (the lock), all or nothing."""
    if path.exists():
        write_text_atomically(path, text)
        return
    try:
        write_atomically(path, text, encoding=SOURCE_ENCODING)
    except OSError as exc:
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
