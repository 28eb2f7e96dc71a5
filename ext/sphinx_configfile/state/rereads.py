"""Pages to read again that Sphinx's mtime rule would leave alone.

Sphinx reads a page again when the page or a noted dependency is newer than
the last read, or a dependency is missing. Two cases escape that rule:

- **A quote failed.** A config deleted and then restored with its old mtime
  (``git stash``, ``cp -p``, an archive) is older than the last read, so the
  page kept its failed quote, without a listing, and no longer warned.
  A page with a failed quote is read on every build until it quotes cleanly,
  which also keeps its warning in every build's log.
- **A file that does not exist yet would change the page**: a nearer
  ``manifesto.toml``, an include a config names. Noted as a dependency it
  would read the page on every build; instead the page waits for it, and is
  read again once the file appears.

Both are kept on the environment per page, purged when the page is read
again and merged back from parallel readers.
"""

from __future__ import annotations

import os

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

_FAILED = "configfile_failed_docs"
_AWAITED = "configfile_awaited_files"


def _failed(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, _FAILED):
        setattr(env, _FAILED, set())
    return getattr(env, _FAILED)


def _awaited(env: BuildEnvironment) -> dict[str, set[str]]:
    if not hasattr(env, _AWAITED):
        setattr(env, _AWAITED, {})
    return getattr(env, _AWAITED)


def note_failed_quote(env: BuildEnvironment, docname: str) -> None:
    """The page being read has a quote that failed: read it again next build."""
    _failed(env).add(docname)


def note_awaited_file(env: BuildEnvironment, docname: str, path: str | os.PathLike[str]) -> None:
    """The page would change if ``path``, absent now, appeared: read it again then."""
    _awaited(env).setdefault(docname, set()).add(os.fspath(path))


def pages_to_reread(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: pages with a failed quote, and pages whose awaited file appeared."""
    pages = set(_failed(env))
    for docname, paths in _awaited(env).items():
        if any(os.path.exists(path) for path in paths):
            pages.add(docname)
    return sorted((pages & env.found_docs) - added - changed - removed)


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _failed(env).discard(docname)
    _awaited(env).pop(docname, None)


def merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    _failed(env).update(_failed(other) & docnames)
    theirs = _awaited(other)
    for docname in docnames & theirs.keys():
        _awaited(env)[docname] = theirs[docname]


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", pages_to_reread)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
