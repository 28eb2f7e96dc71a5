"""Sphinx 7.2 only: drop the previous build's doctree of a page that is read again.

Sphinx 7.2 pickles the environment with ``_pickled_doctree_cache`` (the
doctrees it loaded while numbering figures for ``numfig``, before the
pickle is written). In the next build a page read again by a parallel
reader (``-j N``) is not in the main process's write cache, so the writer
took the cached doctree of the build before and wrote the old page: with
``numfig``, a config restored after a failed quote stayed without its
listing. Sphinx 7.3 empties the cache when pickling. No public API removes
one entry, so this reaches the private attribute where it exists.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def forget_old_doctree(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """``env-purge-doc``: the page is read again; its old doctree must not be written."""
    cache = getattr(env, "_pickled_doctree_cache", None)
    if isinstance(cache, dict):
        cache.pop(docname, None)
