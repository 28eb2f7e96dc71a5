"""Copies of quoted configs in the HTML output, which captions link to.

Without ``configfile_base_url`` a caption's path leads to
``_configfile/<path under the configs root>`` in the output, so a reader can
open the whole file the excerpt came from. At the end of each build the
directory holds exactly the configs this build's pages quote: a config no
longer quoted (deleted, renamed, or every page linking ``configfile_base_url``
instead) is no longer downloadable, and a copy the output lost is written again
even when no page that links it was written.

Every build checks every quoted config's copy, also when it wrote one page.
A copy known to be current is checked by two ``stat`` calls, not by reading
both files: ``configfile-copies.json`` beside the doctrees remembers, per
copy, the config's and the copy's modification time and size when the copy
was last found or made equal. (Not the environment: Sphinx pickles it before
the pages are written.) A missing, corrupt or foreign file only costs one
full comparison of each copy.
"""

from __future__ import annotations

import json
import os
import posixpath
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from hardening_guide_tools.atomic_file import already_holds, write_atomically
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_configfile.excerpt.reader import ConfigReadError
from sphinx_configfile.state.conditions import shown_in_this_build
from sphinx_configfile.state.freshness import config_when_written, stale_configs
from sphinx_configfile.state.memos import build_memo
from sphinx_configfile.state.quotes import quotes_of

COPY_DIR = "_configfile"

CURRENT_COPIES_NAME = "configfile-copies.json"
CURRENT_COPIES_FORMAT = 1
# What a current copy was found equal to: [config path, its mtime_ns, its size,
# the copy's mtime_ns, the copy's size].
Stats = list[object]


def publish_copy(
    env: BuildEnvironment, outdir: Path, relpath: str, source: str
) -> tuple[str, int, int]:
    """Copy a quoted config into the output once per build and file version.

    Written to a temp file and renamed, so a reader (or a parallel writer)
    never sees half a file; a copy that already holds the same bytes is left
    alone. Returns the (path, mtime_ns, size) of the config as copied.
    Raises ConfigReadError/OSError if it cannot.
    """
    config = config_when_written(env, source)
    published: dict[tuple[str, str], tuple[str, int, int]] = build_memo(env, "copies")
    key = (str(outdir), relpath)
    if published.get(key) == config.cache_key:
        return config.cache_key
    target = outdir / COPY_DIR / relpath
    if not already_holds(target, config.raw):
        write_atomically(target, config.raw, make_parents=True)
    published[key] = config.cache_key
    return config.cache_key


def copies_builder(app: Sphinx) -> bool:
    """Whether this build's captions link to copies (EPUB readers would not open a .yml)."""
    builder = app.builder
    return builder.format == "html" and not builder.name.startswith("epub")


def sync_copies(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: make ``_configfile/`` hold the quoted configs, and nothing else.

    Pages that were not written this build still link their copies, so every
    quote shown in this build counts, not only those of the pages written.
    """
    if exception is not None or not copies_builder(app):
        return
    outdir = Path(app.outdir)
    record_path = Path(app.doctreedir) / CURRENT_COPIES_NAME
    saved = _load_current_copies(record_path)
    known = saved.get(str(outdir))
    known = known if isinstance(known, dict) else {}
    current: dict[str, Stats] = {}
    if not app.config.configfile_base_url:
        for relpath, source in _shown_configs(app).items():
            try:
                current[relpath] = _current_copy(app.env, outdir, relpath, source, known)
            except (ConfigReadError, OSError):
                continue  # gone since its page was read: that page links no copy
    _remove_all_but(outdir / COPY_DIR, set(current))
    if current != known:
        _save_current_copies(record_path, {**saved, str(outdir): current})


def _shown_configs(app: Sphinx) -> dict[str, str]:
    """relpath -> path of each config this build shows a quote of, and links a copy of."""
    stale = stale_configs(app.env)  # changed during the build: their pages link no copy
    shown: dict[str, str] = {}
    table = quotes_of(app.env)
    for docname in table:
        for conditions, relpath, source, _row in table.summaries(docname):
            if relpath in shown or source in stale:
                continue
            if not conditions or shown_in_this_build(app, conditions):
                shown[relpath] = source
    return shown


def _current_copy(
    env: BuildEnvironment, outdir: Path, relpath: str, source: str, known: dict[str, Stats]
) -> Stats:
    """Make the copy of ``source`` current; its stats. OSError/ConfigReadError if it cannot."""
    copy = outdir / COPY_DIR / relpath
    config = os.stat(source)
    try:
        target = os.stat(copy)
    except OSError:
        pass  # no copy yet
    else:
        found = [source, config.st_mtime_ns, config.st_size, target.st_mtime_ns, target.st_size]
        if known.get(relpath) == found:
            return found
    # The config's stat as read, not as now: an edit meanwhile then differs
    # from it in the next build, which copies it again.
    copied = publish_copy(env, outdir, relpath, source)
    target = os.stat(copy)
    return [*copied, target.st_mtime_ns, target.st_size]


def _load_current_copies(path: Path) -> dict[str, dict[str, Stats]]:
    """Output dir -> relpath -> stats (a shared doctree dir may serve several outputs)."""
    try:
        saved = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(saved, dict) or saved.get("format") != CURRENT_COPIES_FORMAT:
        return {}
    copies = saved.get("copies")
    return copies if isinstance(copies, dict) else {}


def _save_current_copies(path: Path, copies: dict[str, dict[str, Stats]]) -> None:
    payload = json.dumps({"format": CURRENT_COPIES_FORMAT, "copies": copies})
    with suppress(OSError):  # unwritable: the next build compares the copies in full
        write_atomically(path, payload, make_parents=True)


def published_copies(outdir: Path) -> list[str]:
    """The copies in ``outdir``, relative to it, ``/``-separated and sorted."""
    found = []
    for directory, _dirs, files in os.walk(outdir / COPY_DIR):
        for name in files:
            found.append(Path(directory, name).relative_to(outdir).as_posix())
    return sorted(found)


def _remove_all_but(copy_dir: Path, kept: set[str]) -> None:
    # Bottom-up, so a directory emptied of stale copies goes too.
    for directory, _dirs, files in os.walk(copy_dir, topdown=False):
        for name in files:
            path = Path(directory, name)
            if path.relative_to(copy_dir).as_posix() not in kept:
                path.unlink()
        if not os.listdir(directory):
            os.rmdir(directory)


@lru_cache(maxsize=4096)
def copy_uri(page_uri: str, relpath: str) -> str:
    """The link from the page at ``page_uri`` to the copy of ``relpath``."""
    return url_path(posixpath.relpath(f"{COPY_DIR}/{relpath}", posixpath.dirname(page_uri) or "."))


def url_path(relpath: str) -> str:
    """``relpath`` as the path of a URL: a config named ``tls #2.conf`` is a file, not a fragment.

    Percent-encodes all but ``/`` and the characters URLs leave alone.
    """
    return quote(relpath, safe="/")
