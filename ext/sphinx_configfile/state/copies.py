"""Copies of quoted configs in the HTML output, which captions link to.

Without ``configfile_base_url`` a caption's path leads to
``_configfile/<path under the configs root>`` in the output, so a reader can
open the whole file the excerpt came from. At the end of each build the
directory holds exactly the configs this build's pages quote: a config no
longer quoted (deleted, renamed, or every page linking ``configfile_base_url``
instead) is no longer downloadable, and a copy the output lost is written again
even when no page that links it was written.
"""

from __future__ import annotations

import os
import posixpath
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from hardening_guide_tools.atomic_file import already_holds, write_atomically
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_configfile.excerpt.reader import ConfigReadError, read_config
from sphinx_configfile.state.conditions import shown_in_this_build
from sphinx_configfile.state.freshness import stale_configs
from sphinx_configfile.state.manifest import sorted_records
from sphinx_configfile.state.memos import build_memo

COPY_DIR = "_configfile"


def publish_copy(env: BuildEnvironment, outdir: Path, relpath: str, source: str) -> None:
    """Copy a quoted config into the output once per build and file version.

    Written to a temp file and renamed, so a reader (or a parallel writer)
    never sees half a file; a copy that already holds the same bytes is left
    alone. Raises ConfigReadError/OSError if it cannot.
    """
    config = read_config(Path(source))
    published: dict[tuple[str, str], tuple[str, int, int]] = build_memo(env, "copies")
    key = (str(outdir), relpath)
    if published.get(key) == config.cache_key:
        return
    target = outdir / COPY_DIR / relpath
    if not already_holds(target, config.raw):
        write_atomically(target, config.raw, make_parents=True)
    published[key] = config.cache_key


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
    kept: set[str] = set()
    stale = stale_configs(app.env)
    if not app.config.configfile_base_url:
        for record in sorted_records(app.env):
            if record.config_relpath in kept or not shown_in_this_build(app, record.conditions):
                continue
            if record.config_path in stale:
                continue  # changed during the build: its pages link no copy
            try:
                publish_copy(app.env, outdir, record.config_relpath, record.config_path)
            except (ConfigReadError, OSError):
                continue  # gone since its page was read: that page links no copy
            kept.add(record.config_relpath)
    _remove_all_but(outdir / COPY_DIR, kept)


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
