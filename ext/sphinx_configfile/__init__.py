"""The ``configfile`` Sphinx extension: quote numbered excerpts of reference configs.

``extensions = ["sphinx_configfile"]`` in conf.py. Settings (README, "Settings in conf.py"):

- ``configfile_root`` (``"../configs"``): the configs root, relative to conf.py's directory.
- ``configfile_base_url`` (``""``): when set, captions link to ``base_url + path``;
  otherwise HTML captions link to a copy of the whole config under ``_configfile/``.
- ``configfile_orphans_ok`` (``[]``): fnmatch patterns, relative to the configs
  root, of configs kept on purpose although no page quotes them (read by the gate).
- ``configfile_lock`` (``"configfiles.lock"``): the lock file, relative to the source dir.
- ``configfile_lock_check`` (``True``): warn during the build at each quote that
  differs from the lock or is missing from it (nothing happens without a lock file).
- ``configfile_check_policy`` (``"require-fs"``), ``configfile_check_coverage``
  (``True``), ``configfile_server_versions`` (``{}``): what ``configfile check``
  asks of quoted configs (see ``gate_options``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_manifesto.gate.options import DEFAULT_POLICY

from sphinx_configfile import settings
from sphinx_configfile.evidence import marks as evidence
from sphinx_configfile.highlight.ircd_lexer import IrcdConfLexer
from sphinx_configfile.legacy.transform import LegacyConfigfileTransform
from sphinx_configfile.lock import build_warnings as lock_check
from sphinx_configfile.lock.model import DEFAULT_LOCK_NAME
from sphinx_configfile.quoting.directive import ConfigfileDirective, ConfigfileSectionDirective
from sphinx_configfile.quoting.nodes import (
    configfile_caption,
    configfile_listing,
    configfile_section_marker,
    reference_title,
)
from sphinx_configfile.quoting.paths import configs_root
from sphinx_configfile.state import (
    copies,
    freshness,
    help_projects,
    manifest,
    rereads,
    search,
    stale_doctrees,
)
from sphinx_configfile.state import memos as build_state
from sphinx_configfile.writers import html, latex, text
from sphinx_configfile.writers.fallback import StandardListingShape, note_builder
from sphinx_configfile.writers.latex_footnotes import CaptionFootnotesToPageFoot

__version__ = "0.1.0"

STATIC_DIR = str(Path(__file__).parent / "static")

# Sphinx discards a pickled environment whose env_version differs, so raise
# this whenever the shape of what the extension keeps on the environment
# (QuoteRecord, the evidence on listing nodes) changes.
ENV_VERSION = 1


class RemoveSectionMarkers(SphinxPostTransform):
    """Section markers matter while reading only; no writer should see them."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        for marker in list(self.document.findall(configfile_section_marker)):
            marker.parent.remove(marker)


def _set_configs_root(app: Sphinx) -> None:
    app.env.configfile_root_path = configs_root(
        app.confdir or app.srcdir, app.config.configfile_root
    )
    manifest.quotes_of(app.env)


def _extend_builder_settings(app: Sphinx, config: Config) -> None:
    # At config-inited, before the environment compares this build's config
    # with the last one: changed later (builder-inited), a list would differ
    # from the pickled one on every build and Sphinx would report
    # "The configuration has changed (html_static_path)".
    if STATIC_DIR not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, STATIC_DIR]
    # configfiles.json describes the build; it is not part of the book. The
    # EPUB builder packs every file of its output directory and, on the next
    # build into the same directory, warned "unknown mimetype" for it.
    if manifest.MANIFEST_NAME not in config.epub_exclude_files:
        config.epub_exclude_files = [*config.epub_exclude_files, manifest.MANIFEST_NAME]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("configfile_root", "../configs", "env", types=[str])
    app.add_config_value("configfile_base_url", "", "env", types=[str])
    app.add_config_value("configfile_orphans_ok", [], "", types=[list, tuple])
    app.add_config_value("configfile_lock", DEFAULT_LOCK_NAME, "", types=[str])
    app.add_config_value("configfile_lock_check", True, "", types=[bool])
    # Read by `configfile check` only (gate_options), never by the build.
    app.add_config_value("configfile_check_policy", DEFAULT_POLICY, "", types=[str])
    app.add_config_value("configfile_check_coverage", True, "", types=[bool])
    app.add_config_value("configfile_server_versions", {}, "", types=[dict])
    app.add_event("configfile-quoted")
    app.add_directive("configfile", ConfigfileDirective)
    app.add_directive("configfile-section", ConfigfileSectionDirective)
    app.add_enumerable_node(
        configfile_listing,
        "code-block",
        reference_title,
        html=(html.visit_listing, html.depart_listing),
        latex=(latex.visit_listing, latex.depart_listing),
        text=(text.visit_listing, text.depart_listing),
    )
    app.add_node(configfile_section_marker)
    app.add_node(configfile_caption)  # rendered by the listing's visitors, never alone
    app.add_transform(LegacyConfigfileTransform)
    app.add_post_transform(RemoveSectionMarkers)
    app.add_post_transform(StandardListingShape)
    app.add_post_transform(text.ListingNumberReferences)
    app.add_post_transform(CaptionFootnotesToPageFoot)
    app.add_lexer("ircd", IrcdConfLexer)
    app.add_css_file("configfile.css")
    app.connect("config-inited", settings.check_settings)
    app.connect("config-inited", _extend_builder_settings)
    app.connect("builder-inited", _set_configs_root)
    app.connect("builder-inited", note_builder)
    app.connect("doctree-read", manifest.note_conditions)
    app.connect("env-purge-doc", manifest.purge_doc)
    app.connect("env-purge-doc", stale_doctrees.forget_old_doctree)
    app.connect("env-merge-info", manifest.merge_info)
    app.connect("env-updated", lock_check.warn_about_lock_drift)
    app.connect("doctree-resolved", freshness.check_listings_current)
    app.connect("doctree-resolved", html.warm_caches)
    app.connect("doctree-resolved", search.memoise_config_stems)
    app.connect("build-finished", manifest.write_manifest)
    app.connect("build-finished", copies.sync_copies)
    app.connect("build-finished", help_projects.list_copies_in_help_project)
    # Last, after every handler that may still use this build's memos.
    app.connect("build-finished", build_state.forget_build_memos, priority=900)
    rereads.setup(app)
    # Evidence marks and verdict lines, from whoever answers "configfile-evidence".
    evidence.setup(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
