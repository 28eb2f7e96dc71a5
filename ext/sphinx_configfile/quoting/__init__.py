"""From directive to listing node: options, ``:lines:`` ranges, paths under the configs root,
the reader.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

# The leaves only; the directive is imported by setup_quoting (see there).
from sphinx_configfile.quoting.keys import KEYS_EVENT
from sphinx_configfile.quoting.nodes import configfile_caption, configfile_section_marker
from sphinx_configfile.quoting.paths import CONFIGS_ROOT, configs_root


class RemoveSectionMarkers(SphinxPostTransform):
    """Section markers matter while reading only; no writer should see them."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        for marker in list(self.document.findall(configfile_section_marker)):
            marker.parent.remove(marker)


def _set_configs_root(app: Sphinx) -> None:
    from sphinx_configfile.state import manifest

    CONFIGS_ROOT.set(app.env, configs_root(app.confdir or app.srcdir, app.config.configfile_root))
    manifest.quotes_of(app.env)


def setup_quoting(app: Sphinx) -> None:
    # Imported here, not at the top: other parts import single modules of this
    # package (quoting.reader, quoting.ranges), and the directive, which uses
    # them all, would close an import cycle.
    from sphinx_configfile.quoting.directive import (
        ConfigfileDirective,
        ConfigfileSectionDirective,
    )

    app.add_event("configfile-quoted")
    app.add_event(KEYS_EVENT)  # answered by sphinx_manifesto (quoting/keys.py)
    app.add_directive("configfile", ConfigfileDirective)
    app.add_directive("configfile-section", ConfigfileSectionDirective)
    app.add_node(configfile_section_marker)
    app.add_node(configfile_caption)  # rendered by the listing's visitors, never alone
    app.add_post_transform(RemoveSectionMarkers)
    app.connect("builder-inited", _set_configs_root)
