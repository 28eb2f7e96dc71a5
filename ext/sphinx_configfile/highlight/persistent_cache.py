"""Highlighted configs remembered across builds, beside Sphinx's doctrees.

Highlighting a whole config is the largest cost of a listing, and a rebuild
after an edit (``sphinx-autobuild``, ``make html``) would pay it again for
every config the rewritten pages quote. Here each highlighted config is one
file under ``<doctreedir>/configfile-highlight/`` (``parse_entry``), named by the hash of
everything that decides its lines: the config's text, the lexer (its class
and, for a lexer outside Pygments, its source or token table), the Pygments
and Sphinx versions, and the output format with its options. Anything that
changes the output changes the name, so a stale entry is never found.

- Bounded: beyond :data:`MAX_ENTRIES` the least recently used entries go
  (a hit refreshes an entry's modification time).
- Safe under ``-j``: an entry is written whole with ``write_atomically``
  (temp file and rename), so a reader in another process sees the old entry,
  the new one or none; two writers of one entry write the same bytes.
- Corrupt or truncated entries (and ones whose recorded key differs) are
  ignored and written again; a cache that cannot be written costs nothing
  but the speed-up.

``sphinx-build -E`` keeps the entries; deleting the doctrees directory (or
``make clean``) removes them.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path

import pygments
import sphinx
from hardening_guide_tools.atomic_file import write_atomically
from pygments.lexer import Lexer

from sphinx_configfile.excerpt.reader import ConfigText
from sphinx_configfile.highlight.lexers import LEXER_OPTIONS

CACHE_DIRECTORY = "configfile-highlight"
# Enough for every config of a large guide in both formats and a few
# versions of each; an entry is about as large as its config's HTML.
MAX_ENTRIES = 512
ENTRY_SUFFIX = ".lines"

# Raise when the shape of an entry changes, so old entries are not read.
ENTRY_FORMAT = 2


def cache_directory(doctreedir: str | os.PathLike[str]) -> Path:
    return Path(doctreedir) / CACHE_DIRECTORY


@cache
def _lexer_fingerprint(lexer_class: type[Lexer]) -> str:
    """What identifies a lexer's behaviour beyond the Pygments version."""
    name = f"{lexer_class.__module__}.{lexer_class.__qualname__}"
    if lexer_class.__module__.startswith("pygments."):
        return name  # the Pygments version in the key covers its code
    try:
        source = inspect.getsource(lexer_class)
    except (OSError, TypeError):
        # Defined in conf.py (no module file): its token table, whose repr
        # names every pattern and token type. A callback's repr holds an
        # address, which only makes such a lexer miss the cache, never hit
        # a wrong entry.
        source = repr(getattr(lexer_class, "tokens", None))
    return name + ":" + hashlib.sha256(source.encode("utf-8", "replace")).hexdigest()


def entry_key(
    config: ConfigText, lexer_class: type[Lexer], output: tuple[str, ...]
) -> dict[str, object]:
    """Everything that decides the highlighted lines of ``config`` in one output format.

    The lexer is named by its class: every lexer is made with ``LEXER_OPTIONS``.
    """
    # Plain ``type``: Pygments has no type information, so ``type[Lexer]`` is
    # ``type[Any]``, which mypy does not take for hashable (functools.cache).
    hashable: type = lexer_class
    return {
        "format": ENTRY_FORMAT,
        "text": hashlib.sha256(config.text.encode("utf-8")).hexdigest(),
        "lexer": _lexer_fingerprint(hashable),
        "lexer_options": repr(sorted(LEXER_OPTIONS.items())),
        # Read at call time: an upgrade within a long-lived process counts too.
        "pygments": pygments.__version__,
        "sphinx": sphinx.__version__,
        "output": list(output),
    }


def _entry_path(doctreedir: str | os.PathLike[str], key: dict[str, object]) -> Path:
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode("utf-8")).hexdigest()
    return cache_directory(doctreedir) / (digest + ENTRY_SUFFIX)


def parse_entry(data: bytes) -> tuple[dict[str, object], tuple[str, ...]] | None:
    """(key, lines) of an entry file, or None when it is not a whole entry.

    An entry is its key as one line of JSON, with the number of lines, then
    the lines themselves, one per line (a highlighted line holds no newline).
    Reading it back is a split, not a JSON parse of every line: a rebuild
    reads the entries of every config the written pages quote.
    """
    try:
        header, _, body = data.decode("utf-8").partition("\n")
        head = json.loads(header)
    except ValueError:  # not UTF-8, not JSON
        return None
    if not isinstance(head, dict) or not isinstance(head.get("key"), dict):
        return None
    count = head.get("count")
    lines = tuple(body.split("\n")) if count else ()
    if not isinstance(count, int) or len(lines) != count:
        return None  # truncated, or not written by this format
    return head["key"], lines


def _read_entry(path: Path, key: dict[str, object]) -> tuple[str, ...] | None:
    try:
        entry = parse_entry(path.read_bytes())
    except OSError:
        return None  # absent or unreadable
    if entry is None or entry[0] != key:
        return None
    with suppress(OSError):
        os.utime(path)  # recently used: evicted last
    return entry[1]


def _write_entry(path: Path, key: dict[str, object], lines: tuple[str, ...]) -> None:
    header = json.dumps({"key": key, "count": len(lines)}, ensure_ascii=False)
    try:
        write_atomically(path, header + "\n" + "\n".join(lines), make_parents=True)
    except OSError:
        return  # a read-only or full disk: this build simply highlights again next time
    evict_oldest(path.parent)


def evict_oldest(directory: Path, limit: int | None = None) -> None:
    """Remove the least recently used entries beyond ``limit`` (default :data:`MAX_ENTRIES`)."""
    limit = MAX_ENTRIES if limit is None else limit
    entries: list[tuple[int, Path]] = []
    with suppress(OSError):
        for entry in os.scandir(directory):
            if entry.name.endswith(ENTRY_SUFFIX):
                with suppress(OSError):  # removed meanwhile by another process
                    entries.append((entry.stat().st_mtime_ns, Path(entry.path)))
    if len(entries) <= limit:
        return
    entries.sort()
    for _, path in entries[: len(entries) - limit]:
        with suppress(OSError):  # another process may have evicted it first
            path.unlink()


def remembered_lines(
    doctreedir: str | os.PathLike[str] | None,
    config: ConfigText,
    lexer_class: type[Lexer],
    output: tuple[str, ...],
    highlight: Callable[[], tuple[str, ...]],
) -> tuple[str, ...]:
    """The highlighted lines from the cache, else ``highlight()``'s, then remembered."""
    if doctreedir is None:
        return highlight()
    key = entry_key(config, lexer_class, output)
    path = _entry_path(doctreedir, key)
    lines = _read_entry(path, key)
    if lines is None:
        lines = highlight()
        _write_entry(path, key, lines)
    return lines
