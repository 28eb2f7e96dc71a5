"""The manifesto's answer to ``:keys:``: the lines of the named settings.

Read with the parser the checker uses for the config's format (ejabberd
YAML, Prosody Lua, ircd.conf), so a key means what the checker means by it;
no rule runs.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx_configfile.quoting.keys import KEYS_EVENT


def lines_of_keys(app: Sphinx, path: str, text: str, option: str) -> tuple[int, ...] | str:
    """``configfile-keys``: the line numbers, or why ``option`` names no setting."""
    # Imported here: the parsers (ruamel.yaml, luaparser) load only for a guide that uses :keys:.
    from tls_manifesto.engine.keys import KeyPathError, resolve_keys

    try:
        return tuple(resolve_keys(path, text, option))
    except KeyPathError as error:
        return str(error)


def setup_keys(app: Sphinx) -> None:
    app.connect(KEYS_EVENT, lines_of_keys)
