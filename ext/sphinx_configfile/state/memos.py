"""Memos that live for one build: kept on the environment, never pickled with it.

A process may run several builds (the Sphinx API, ``sphinx.testing``,
``sphinx-autobuild`` before 2024). Memos kept at module level outlived their
build: a second build into an emptied output directory believed its
``_configfile/`` copies written and linked missing files. Here each build
starts with empty memos: a new environment (fresh or unpickled) has none,
and ``build-finished`` clears them for an application that builds again.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_configfile.slots import Slot


class BuildMemos(dict[str, dict[Any, Any]]):
    """Named memos of one build; pickled empty, since a later build must not trust them."""

    def __reduce__(self) -> tuple[type[BuildMemos], tuple[()]]:
        return (BuildMemos, ())


_MEMOS = Slot[BuildMemos]("configfile_build_memos")


def build_memo(env: BuildEnvironment, name: str) -> dict[Any, Any]:
    """The memo ``name`` of the build that ``env`` serves, created empty on first use."""
    return _MEMOS.setdefault(env, BuildMemos).setdefault(name, {})


def forget_build_memos(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the next build of this application starts afresh."""
    memos = _MEMOS.get(app.env)
    if memos is not None:
        memos.clear()
