"""The agreement gate behind ``configfile check``: quotes, configs, lock and policy agree."""

from __future__ import annotations

from sphinx.application import Sphinx


def setup_gate(app: Sphinx) -> None:
    # Imported here, not at the top: other parts import single modules of this
    # package (a leaf such as gate.judging), and loading every module with them
    # would close an import cycle.
    from sphinx_configfile.gate.judging import GATE_EVENTS

    for event in GATE_EVENTS:  # asked by `configfile check` after its build (judging.py)
        app.add_event(event)
