"""From directive to listing node: the ``configfile`` and ``configfile-section`` directives,
``:keys:``, and their setup; what an excerpt is made of is in ``excerpt/``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_configfile.excerpt.nodes import configfile_caption, configfile_section_marker
from sphinx_configfile.excerpt.paths import CONFIGS_ROOT, configs_root
from sphinx_configfile.quoting.directive import (
    QUOTED_EVENT,
    ConfigfileDirective,
    ConfigfileSectionDirective,
)
from sphinx_configfile.quoting.keys import KEYS_EVENT
from sphinx_configfile.state.quotes import quotes_of


class RemoveSectionMarkers(SphinxPostTransform):
    """Section markers matter while reading only; no writer should see them."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        for marker in list(self.document.findall(configfile_section_marker)):
            marker.parent.remove(marker)


def _set_configs_root(app: Sphinx) -> None:
    CONFIGS_ROOT.set(app.env, configs_root(app.confdir or app.srcdir, app.config.configfile_root))
    quotes_of(app.env)


def setup_quoting(app: Sphinx) -> None:
    app.add_event(QUOTED_EVENT)
    app.add_event(KEYS_EVENT)  # answered by sphinx_manifesto (quoting/keys.py)
    app.add_directive("configfile", ConfigfileDirective)
    app.add_directive("configfile-section", ConfigfileSectionDirective)
    app.add_node(configfile_section_marker)
    app.add_node(configfile_caption)  # rendered by the listing's visitors, never alone
    app.add_post_transform(RemoveSectionMarkers)
    app.connect("builder-inited", _set_configs_root)
