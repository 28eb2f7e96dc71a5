"""Whether anyone listens to an event, so that a guide of thousands of quotes emits none in vain.

The extension emits per quote (``configfile-quoted``) and per listing
(``configfile-evidence``); most projects load no listener for either. Each
emit still costs: Sphinx formats the arguments for its debug log and walks
its listeners. ``EventManager.listeners`` (Sphinx 7.2 to 9) answers the
question; where a Sphinx lacks it, every event is emitted as before.
"""

from __future__ import annotations

from sphinx.events import EventManager


def anyone_listens(events: EventManager, name: str) -> bool:
    listeners = getattr(events, "listeners", None)
    if not isinstance(listeners, dict):
        return True
    return bool(listeners.get(name))
