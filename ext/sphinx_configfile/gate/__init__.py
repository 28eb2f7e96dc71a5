"""The agreement gate behind ``configfile check``: quotes, configs, lock and policy agree."""

from __future__ import annotations

from sphinx.application import Sphinx

from sphinx_configfile.gate.events import GATE_EVENTS


def setup_gate(app: Sphinx) -> None:
    for event in GATE_EVENTS:  # asked by `configfile check` after its build (judging.py)
        app.add_event(event)
