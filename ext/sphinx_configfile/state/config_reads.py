"""Pages to read again because a config they quote changed: one ``stat`` per config per build.

Sphinx's own dependency check (``env.note_dependency``) compares, on every
build, each page's dependencies with the time the page was read: a config
quoted on 80 pages is looked at 80 times, and the pickled environment holds
a path object per page and config, loaded and saved again by a rebuild that
writes one page. Here each page keeps the configs it quoted as the
``(path, mtime_ns, size)`` it read, and a build looks at each config once.
A page is read again when one of its configs now differs in either: newer,
older (a restored copy, which Sphinx's newer-than rule misses), or gone.

A quote that failed (a missing config, a bad path) is not kept here: the
page is read again on every build until it quotes cleanly (``rereads.py``).
"""

from __future__ import annotations

import os

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_configfile.slots import Slot

# (path, mtime_ns, size): a config as a page read it (``ConfigText.cache_key``).
ConfigVersion = tuple[str, int, int]

# docname -> the configs its quotes read, as read
_READS = Slot[dict[str, frozenset[ConfigVersion]]]("configfile_config_reads")


def _reads(env: BuildEnvironment) -> dict[str, frozenset[ConfigVersion]]:
    return _READS.setdefault(env, dict)


def note_config_read(env: BuildEnvironment, docname: str, version: ConfigVersion) -> None:
    """The page being read quotes the config at ``version``."""
    reads = _reads(env)
    known = reads.get(docname, frozenset())
    if version not in known:
        reads[docname] = known | {version}


def current_version(path: str) -> ConfigVersion | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (path, status.st_mtime_ns, status.st_size)


def pages_quoting_changed_configs(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: the pages that read a config other than it is now."""
    now: dict[str, ConfigVersion | None] = {}
    pages = set()
    for docname, versions in _reads(env).items():
        for version in versions:
            path = version[0]
            if path not in now:
                now[path] = current_version(path)
            if now[path] != version:
                pages.add(docname)
                break
    return sorted((pages & env.found_docs) - added - changed - removed)


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _reads(env).pop(docname, None)


def merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    theirs = _reads(other)
    for docname in docnames & theirs.keys():
        _reads(env)[docname] = theirs[docname]


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", pages_quoting_changed_configs)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
