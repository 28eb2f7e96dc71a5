"""State of one build: the quote table, the manifest, conditions, freshness, search stems,
copies, re-reads, memos.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config


def _keep_manifest_out_of_epub(app: Sphinx, config: Config) -> None:
    # configfiles.json describes the build; it is not part of the book. The
    # EPUB builder packs every file of its output directory and, on the next
    # build into the same directory, warned "unknown mimetype" for it.
    from sphinx_configfile.state.manifest import MANIFEST_NAME

    if MANIFEST_NAME not in config.epub_exclude_files:
        config.epub_exclude_files = [*config.epub_exclude_files, MANIFEST_NAME]


def setup_state(app: Sphinx) -> None:
    # Imported here, not at the top: other parts import single modules of this
    # package (a leaf such as state.memos), and loading every module with them
    # would close an import cycle.
    from sphinx_configfile.state import (
        config_reads,
        copies,
        freshness,
        help_projects,
        manifest,
        memos,
        quotes,
        rereads,
        search,
        stale_doctrees,
    )

    app.connect("config-inited", _keep_manifest_out_of_epub)
    app.connect("doctree-read", quotes.note_conditions)
    app.connect("env-purge-doc", quotes.purge_doc)
    app.connect("env-purge-doc", stale_doctrees.forget_old_doctree)
    app.connect("env-merge-info", quotes.merge_info)
    app.connect("doctree-resolved", freshness.check_listings_current)
    app.connect("doctree-resolved", search.memoise_config_stems)
    app.connect("build-finished", manifest.write_manifest)
    app.connect("build-finished", copies.sync_copies)
    app.connect("build-finished", help_projects.list_copies_in_help_project)
    # Last, after every handler that may still use this build's memos.
    app.connect("build-finished", memos.forget_build_memos, priority=900)
    rereads.setup(app)
    config_reads.setup(app)
