"""Evidence marks and verdict lines: the ``configfile-evidence`` event and its HTML and LaTeX
forms.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def setup_evidence(app: Sphinx) -> None:
    # Imported here, not at the top: other parts import single modules of this
    # package (a leaf such as evidence.marks), and loading every module with them
    # would close an import cycle.
    from sphinx_configfile.evidence import marks

    # Evidence marks and verdict lines, from whoever answers "configfile-evidence".
    marks.setup(app)
