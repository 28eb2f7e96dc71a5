"""``:keys:``: the lines of settings named by their path, found by the checker's parsers.

Quoting by key reads the config with the parser the manifesto checker uses
for its format (ejabberd YAML, Prosody Lua, ircd.conf), so a key means what
the checker means by it; no rule runs. The grammar and the per-format
resolvers are in ``tls_manifesto.keypaths``.
"""

from __future__ import annotations

from sphinx_configfile.errors import ConfigfileToolError
from sphinx_configfile.quoting.ranges import LineRange, fold_lines


class KeyQuoteError(ConfigfileToolError, ValueError):
    """A ``:keys:`` value that names no setting of the config; the message says why."""


def key_ranges(path: str, text: str, option: str) -> tuple[LineRange, ...]:
    """The ascending line ranges that show the settings named in ``option``."""
    # Imported here: the parsers (ruamel.yaml, luaparser) load only for a guide that uses :keys:.
    from tls_manifesto.keypaths import KeyPathError, resolve_keys

    try:
        return fold_lines(resolve_keys(path, text, option))
    except KeyPathError as error:
        raise KeyQuoteError(str(error)) from None
