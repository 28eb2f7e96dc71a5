"""Every quote the build made: kept on the environment, written as ``configfiles.json``.

``env.configfile_quotes`` maps a docname to its quotes in document order. It
is purged when a page is re-read and merged back from parallel readers, so
``-j N`` ends with the same records as a serial build. ``configfiles.json``
lists what the build's output shows, with paths relative to the source dir
and the configs root.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from hardening_guide_tools.atomic_file import already_holds, write_atomically
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_configfile.excerpt.nodes import configfile_listing
from sphinx_configfile.excerpt.ranges import LineRange, format_ranges
from sphinx_configfile.slots import Slot
from sphinx_configfile.state.conditions import conditions_around, shown_in_this_build

MANIFEST_NAME = "configfiles.json"
QUOTE_INDEX = "configfile_quote"  # listing attribute: the index of its record in its page
# One encoder for every row: json.dumps with any option makes a new one per call.
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """One quote of a config: where it is in the docs, what it shows."""

    docname: str
    source: str  # absolute path of the file that holds the quote (the page or an include)
    lineno: int  # line in ``source``
    config_path: str
    config_relpath: str
    ranges: tuple[LineRange, ...]
    name: str | None
    caption: str | None
    language: str
    origin: str  # "directive" or "legacy"
    source_relpath: str = ""  # ``source`` relative to the source dir, "/"-separated
    included: bool = False  # ``source`` is a file the page includes, not the page itself
    # ("only", expr) and ("ifconfig", expr) around the quote, outermost first:
    # a build whose builder fails one of them does not show the quote.
    conditions: tuple[tuple[str, str], ...] = ()
    keys: str | None = None  # the :keys: the ranges were resolved from
    emphasized: tuple[int, ...] = ()  # :emphasize-lines:, in the config's numbering

    def __repr__(self) -> str:
        # Short on purpose: Sphinx formats repr() of event arguments for its
        # debug log on every emit, and a guide emits one event per quote.
        return f"<QuoteRecord {self.source}:{self.lineno} {self.config_relpath}>"

    @property
    def document(self) -> str:
        """The lock's name for where the quote lives: the page, or the included file."""
        return self.source_relpath if self.included else self.docname

    def as_json(self) -> dict[str, Any]:
        # Paths relative to the source dir and the configs root only: the file
        # is published with the HTML, and two checkouts must give the same one.
        return {
            "page": self.docname,
            "source": self.source_relpath,
            "line": self.lineno,
            "config_relpath": self.config_relpath,
            "lines": format_ranges(self.ranges),
            "ranges": [[r.start, r.end] for r in self.ranges],
            "name": self.name,
            "caption": self.caption,
            "language": self.language,
            "origin": self.origin,
            "keys": self.keys,
        }


# docname -> its quotes, in document order
QUOTES = Slot[dict[str, list["QuoteRecord"]]]("configfile_quotes")


def quotes_of(env: BuildEnvironment) -> dict[str, list[QuoteRecord]]:
    """The quote table of ``env``, created empty on first use."""
    return QUOTES.setdefault(env, dict)


def record_quote(env: BuildEnvironment, record: QuoteRecord) -> int:
    """Keep ``record``; return its index among its page's quotes."""
    quotes = quotes_of(env).setdefault(record.docname, [])
    quotes.append(record)
    return len(quotes) - 1


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    quotes_of(env).pop(docname, None)


def merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    theirs = quotes_of(other)
    for docname in docnames:
        if docname in theirs:
            quotes_of(env)[docname] = theirs[docname]


def note_conditions(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: note the ``only``/``ifconfig`` conditions around each listing."""
    quotes = quotes_of(app.env).get(app.env.docname)
    if not quotes:
        return
    for listing in doctree.findall(configfile_listing):
        index = listing.get(QUOTE_INDEX)
        conditions = conditions_around(listing)
        if conditions and index is not None and index < len(quotes):
            quotes[index] = dataclasses.replace(quotes[index], conditions=conditions)


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
    # What this build's output shows: not the quotes inside ``only:: latex``
    # in an HTML build, nor those of a false ``ifconfig``.
    rows = [
        _ROW_ENCODER.encode(record.as_json())
        for record in sorted_records(app.env)
        if shown_in_this_build(app, record.conditions)
    ]
    text = '{"version": 1, "quotes": [\n' + ",\n".join(rows) + "\n]}\n"
    path = Path(app.outdir) / MANIFEST_NAME
    # Most rebuilds change no quote: leave the file (and its mtime, which
    # watchers of the output see) alone rather than write and sync it again.
    if already_holds(path, text.encode("utf-8")):
        return
    write_atomically(path, text, make_parents=True)
