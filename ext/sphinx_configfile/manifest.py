"""Every quote the build made: kept on the environment, written as ``configfiles.json``.

``env.configfile_quotes`` maps a docname to its quotes in document order. It
is purged when a page is re-read and merged back from parallel readers, so
``-j N`` ends with the same records as a serial build.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hardening_guide_tools.atomic_file import write_atomically
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_configfile.ranges import LineRange, format_ranges

MANIFEST_NAME = "configfiles.json"


@dataclass(frozen=True)
class QuoteRecord:
    """One quote of a config: where it is in the docs, what it shows."""

    docname: str
    source: str
    lineno: int
    config_path: str
    config_relpath: str
    ranges: tuple[LineRange, ...]
    name: str | None
    caption: str | None
    language: str
    origin: str  # "directive" or "legacy"

    def __repr__(self) -> str:
        # Short on purpose: Sphinx formats repr() of event arguments for its
        # debug log on every emit, and a guide emits one event per quote.
        return f"<QuoteRecord {self.source}:{self.lineno} {self.config_relpath}>"

    def as_json(self) -> dict[str, Any]:
        return {
            "page": self.docname,
            "source": self.source,
            "line": self.lineno,
            "config": self.config_path,
            "config_relpath": self.config_relpath,
            "lines": format_ranges(self.ranges),
            "ranges": [[r.start, r.end] for r in self.ranges],
            "name": self.name,
            "caption": self.caption,
            "language": self.language,
            "origin": self.origin,
        }


def quotes_of(env: BuildEnvironment) -> dict[str, list[QuoteRecord]]:
    """The quote table of ``env``, created empty on first use."""
    if not hasattr(env, "configfile_quotes"):
        env.configfile_quotes = {}
    return env.configfile_quotes


def record_quote(env: BuildEnvironment, record: QuoteRecord) -> None:
    quotes_of(env).setdefault(record.docname, []).append(record)


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    quotes_of(env).pop(docname, None)


def merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    theirs = quotes_of(other)
    for docname in docnames:
        if docname in theirs:
            quotes_of(env)[docname] = theirs[docname]


def sorted_records(env: BuildEnvironment) -> list[QuoteRecord]:
    """All quotes, by page, then source line, then config."""
    records = [record for quotes in quotes_of(env).values() for record in quotes]
    return sorted(records, key=lambda r: (r.docname, r.source, r.lineno, r.config_relpath))


def write_manifest(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write ``configfiles.json`` into the output directory."""
    if exception is not None:
        return
    # One quote per line: readable in a diff, and written by json's fast C
    # encoder (indent= would switch to the slow pure-Python one).
    rows = [json.dumps(r.as_json(), ensure_ascii=False) for r in sorted_records(app.env)]
    text = '{"version": 1, "quotes": [\n' + ",\n".join(rows) + "\n]}\n"
    write_atomically(Path(app.outdir) / MANIFEST_NAME, text, make_parents=True)
