"""Which builds show a quote: the ``only`` and ``ifconfig`` conditions around it.

A quote inside ``.. only:: latex`` or a false ``.. ifconfig::`` is read and
recorded (the lock and the gate need it), but an HTML build does not show
it, so that build's ``configfiles.json`` must not list it. The conditions are
noted when the page is read and judged for each build when the manifest is
written, so an incremental build that writes only some pages still judges
every quote.
"""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.ext.ifconfig import ifconfig


def conditions_around(node: nodes.Node) -> tuple[tuple[str, str], ...]:
    """("only" or "ifconfig", expression) of the nodes around ``node``, outermost first."""
    found: list[tuple[str, str]] = []
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.only):
            found.append(("only", parent["expr"]))
        elif isinstance(parent, ifconfig):
            found.append(("ifconfig", parent["expr"]))
        parent = parent.parent
    return tuple(reversed(found))


def _only_holds(app: Sphinx, expression: str) -> bool:
    try:
        return bool(app.builder.tags.eval_condition(expression))
    except Exception:
        # Sphinx's process_only_nodes keeps the content of an expression it
        # cannot evaluate (and warns about it itself).
        return True


def _ifconfig_holds(app: Sphinx, expression: str) -> bool:
    # The namespace sphinx.ext.ifconfig.process_ifconfig_nodes evaluates in
    # (Sphinx 7.2-9.0): every config value, and the builder's name.
    namespace = {value.name: value.value for value in app.config}
    namespace.update(app.config.__dict__.copy())
    namespace["builder"] = app.builder.name
    try:
        return bool(eval(expression, namespace))  # noqa: S307 - as ifconfig itself does
    except Exception:
        return False  # ifconfig replaces the content with an error message


def shown_in_this_build(app: Sphinx, conditions: Iterable[tuple[str, str]]) -> bool:
    """Whether this build's output shows what ``conditions`` surround."""
    for kind, expression in conditions:
        holds = _only_holds if kind == "only" else _ifconfig_holds
        if not holds(app, expression):
            return False
    return True
