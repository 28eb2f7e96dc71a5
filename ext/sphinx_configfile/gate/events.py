"""The names of the gate's Sphinx events, and the one check of their values it needs early.

Apart from ``judging.py`` (the questions and answers) so that the extension's
setup and its settings need not import the gate to name them.
"""

from __future__ import annotations

import re
from typing import Any

# (request: JudgeRequest) -> JudgeAnswer | None
JUDGE_EVENT = "configfile-judge"
# (path: Path) -> True when the judge reads ``path`` as a server config, else None
SERVER_CONFIG_EVENT = "configfile-is-server-config"
# (values: tuple of "[server=]version") -> what is wrong with them, or None
SERVER_VERSIONS_EVENT = "configfile-server-versions-problem"
GATE_EVENTS = (JUDGE_EVENT, SERVER_CONFIG_EVENT, SERVER_VERSIONS_EVENT)

JUDGE_EXTENSION = "sphinx_manifesto"
NO_JUDGE = f'no extension judges configs: add "{JUDGE_EXTENSION}" to extensions'

_SERVER_VERSION = re.compile(r"^(?:[^=]*=)?\s*v?\d+(?:\.\d+)+\s*$")


def looks_like_server_version(value: Any) -> bool:
    """The shape of a ``[server=]version`` string; which servers exist is the judge's to say."""
    return isinstance(value, str) and _SERVER_VERSION.match(value) is not None
