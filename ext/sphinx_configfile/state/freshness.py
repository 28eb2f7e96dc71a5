"""Quotes whose config changed between reading the page and writing it.

A page is read (its quoted lines are kept in the doctree) before any page is
written, so a config edited or deleted in between would make the listing
and the whole-file copy its caption links to disagree, silently. At
``doctree-resolved`` each listing is compared with its config as it is now:
when the quoted lines differ or the file is gone, the build warns at the
directive, and the caption links to no copy, so the page never shows one
text and offers another. The next build reads the page again (the config is
its dependency) and shows the new text.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from sphinx_configfile.excerpt.nodes import configfile_listing, listing_lines
from sphinx_configfile.excerpt.reader import ConfigReadError, ConfigText, read_config
from sphinx_configfile.state.memos import build_memo

logger = logging.getLogger(__name__)

STALE = "configfile_stale"  # listing attribute: its config changed after the page was read


def config_when_written(env: BuildEnvironment, path: str) -> ConfigText:
    """The config as this build writes it: looked at once per build once writing starts.

    A page's listing, its highlighting and the copy its caption links then
    all come from one version of the file, and a config quoted on a hundred
    pages is not looked at again for each. Raises :class:`ConfigReadError`.
    """
    memo: dict[str, ConfigText | str] = build_memo(env, "configs-when-written")
    found = memo.get(path)
    if found is None:
        try:
            found = read_config(Path(path))
        except ConfigReadError as error:
            found = str(error)
        memo[path] = found
    if isinstance(found, str):
        raise ConfigReadError(found)
    return found


def change_since_read(env: BuildEnvironment, listing: configfile_listing) -> str | None:
    """What changed in the listing's config since its page was read, or ``None``."""
    try:
        lines = config_when_written(env, listing["config"]).lines
    except ConfigReadError:
        return "was removed (or became unreadable) after this page was read"
    for number, text in zip(listing["numbers"], listing_lines(listing), strict=True):
        if number > len(lines) or lines[number - 1] != text:
            return f"changed after this page was read (line {number} differs)"
    return None


def stale_configs(env: BuildEnvironment) -> set[str]:
    """The configs (absolute paths) that changed in this build after a page quoting them was read.

    No page links a copy of them, so the output keeps none (``copies.sync_copies``).
    """
    memo = build_memo(env, "stale-configs")
    return memo.setdefault("paths", set())


def check_listings_current(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: warn at each listing whose config changed since reading."""
    for listing in doctree.findall(configfile_listing):
        change = change_since_read(app.env, listing)
        if change is None:
            continue
        listing[STALE] = True
        stale_configs(app.env).add(listing["config"])
        logger.warning(
            "configfile: %s %s; the listing shows the lines read then, without a link to "
            "a copy of the file (build again)",
            listing["relpath"],
            change,
            location=listing,
            type="configfile",
            subtype="changed",
        )
