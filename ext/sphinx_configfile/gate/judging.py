"""The gate's questions to whoever judges configs, asked as Sphinx events.

``sphinx_configfile`` knows no server and no policy. After the gate's dummy
build it asks, per quoted config, ``app.emit_firstresult(JUDGE_EVENT,
request)``; the extension that judges configs (``sphinx_manifesto``, which
uses the manifesto checker) answers with a :class:`JudgeAnswer`. When nobody
answers, the config is listed as not judged and the report says which
extension to add. Evidence marks reach the checker the same way
(``configfile-evidence``), and so does ``:keys:`` (``quoting/keys.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sphinx_configfile.state.quotes import QuoteRecord


@dataclass(frozen=True)
class JudgeRequest:
    """One quoted config to judge, and how."""

    config_path: Path
    config_relpath: str  # relative to the configs root, POSIX
    records: Sequence[QuoteRecord]  # the quotes of it, in document order
    policy: str
    server_versions: tuple[str, ...]  # "[server=]version" values that apply, or ()


@dataclass(frozen=True)
class JudgedAs:
    """The server version a config was judged as, and whether it was assumed."""

    family: str
    version: str | None
    origin: str  # as the judge names it: "option", "path", "assumed-newest"
    assumed: bool  # no version was stated: the newest release the judge knows


@dataclass(frozen=True)
class JudgeAnswer:
    """The judge's answer for one config."""

    # (location "path:line" or "path" or "", message) per failure of the policy
    failures: tuple[tuple[str, str], ...] = ()
    cited: Mapping[int, frozenset[str]] = field(default_factory=dict)  # line -> rules citing it
    not_judged: str | None = None  # why no policy judged it: "no policy for nginx"
    judged_as: JudgedAs | None = None
    # False: the judge could not read the config at all; the failure says why,
    # and the coverage table has no row for it.
    readable: bool = True
