"""Copies of quoted configs in the HTML output, which captions link to.

Without ``configfile_base_url`` a caption's path leads to
``_configfile/<path under the configs root>`` in the output, so a reader can
open the whole file the excerpt came from.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from hardening_guide_tools.atomic_file import write_atomically

from sphinx_configfile.reader import read_config

COPY_DIR = "_configfile"

# (output dir, path under the root, file version) already copied by this process.
_published: set[tuple[str, str, tuple[str, int, int]]] = set()


def publish_copy(outdir: Path, relpath: str, source: str) -> None:
    """Copy a quoted config into the output once per process and file version.

    Written to a temp file and renamed, so a reader (or a parallel writer)
    never sees half a file. Raises ConfigReadError/OSError if it cannot.
    """
    config = read_config(Path(source))
    key = (str(outdir), relpath, config.cache_key)
    if key in _published:
        return
    write_atomically(outdir / COPY_DIR / relpath, config.raw, make_parents=True)
    _published.add(key)


@lru_cache(maxsize=4096)
def copy_uri(page_uri: str, relpath: str) -> str:
    """The link from the page at ``page_uri`` to the copy of ``relpath``."""
    return url_path(posixpath.relpath(f"{COPY_DIR}/{relpath}", posixpath.dirname(page_uri) or "."))


def url_path(relpath: str) -> str:
    """``relpath`` as the path of a URL: a config named ``tls #2.conf`` is a file, not a fragment.

    Percent-encodes all but ``/`` and the characters URLs leave alone.
    """
    return quote(relpath, safe="/")
