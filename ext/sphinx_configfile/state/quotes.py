"""Every quote the build read: one :class:`QuoteRecord` each, kept on the environment.

``env.configfile_quotes`` is a :class:`QuoteTable`: docname -> its quotes in
document order. It is purged when a page is re-read and merged back from
parallel readers, so ``-j N`` ends with the same records as a serial build.

The environment is unpickled at the start of every build and pickled at its
end, also when one page changed. As 2,000 frozen dataclasses the records
took longer to unpickle and pickle than Sphinx's own state of the guide,
and most builds need the records of a few pages only. So the table keeps
each page's records as one ``bytes`` of plain tuples, decoded when a page's
records are first read, and beside it each page's summaries (``QuoteSummary``):
all that the manifest and the output's copies need, read for every page on
every build without decoding a record.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_configfile.excerpt.nodes import configfile_listing
from sphinx_configfile.excerpt.ranges import LineRange, format_ranges
from sphinx_configfile.slots import Slot
from sphinx_configfile.state.conditions import conditions_around

QUOTE_INDEX = "configfile_quote"  # listing attribute: the index of its record in its page
# One encoder for every row: json.dumps with any option makes a new one per call.
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False)

Conditions = tuple[tuple[str, str], ...]


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
    conditions: Conditions = ()
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

    def sort_key(self) -> tuple[str, str, int, str]:
        return (self.docname, self.source, self.lineno, self.config_relpath)


# What every build reads of every quote, as a plain tuple (pickled in C):
# (conditions, config_relpath, config_path, the quote's line of configfiles.json).
QuoteSummary = tuple[Conditions, str, str, str]


def _summary(record: QuoteRecord) -> QuoteSummary:
    row = _ROW_ENCODER.encode(record.as_json())
    return (record.conditions, record.config_relpath, record.config_path, row)


def _as_fields(record: QuoteRecord) -> tuple[Any, ...]:
    # Plain tuples pickle in C; a slotted frozen dataclass goes through
    # Python's dataclass __getstate__/__setstate__ for each record.
    return (
        *(getattr(record, name) for name in _PLAIN_FIELDS),
        tuple((r.start, r.end) for r in record.ranges),
    )


def _from_fields(fields: tuple[Any, ...]) -> QuoteRecord:
    *plain, ranges = fields
    return QuoteRecord(
        **dict(zip(_PLAIN_FIELDS, plain, strict=True)),
        ranges=tuple(LineRange(start, end) for start, end in ranges),
    )


_PLAIN_FIELDS = tuple(f.name for f in dataclasses.fields(QuoteRecord) if f.name != "ranges")


class QuoteTable(MutableMapping[str, tuple[QuoteRecord, ...]]):
    """docname -> its quotes in document order; each page's records decoded on first read."""

    def __init__(
        self,
        encoded: dict[str, bytes] | None = None,
        summaries: dict[str, tuple[QuoteSummary, ...]] | None = None,
    ) -> None:
        # A page is in _encoded, in _decoded or in both; only in _decoded
        # when its records changed since they were last encoded.
        self._encoded: dict[str, bytes] = encoded or {}
        self._decoded: dict[str, tuple[QuoteRecord, ...]] = {}
        self._summaries: dict[str, tuple[QuoteSummary, ...]] = summaries or {}

    def __getitem__(self, docname: str) -> tuple[QuoteRecord, ...]:
        records = self._decoded.get(docname)
        if records is None:
            fields = pickle.loads(self._encoded[docname])  # KeyError for an unknown page
            records = self._decoded[docname] = tuple(map(_from_fields, fields))
        return records

    def __setitem__(self, docname: str, records: tuple[QuoteRecord, ...]) -> None:
        self._decoded[docname] = tuple(records)
        self._encoded.pop(docname, None)
        self._summaries.pop(docname, None)

    def __delitem__(self, docname: str) -> None:
        if docname not in self:
            raise KeyError(docname)
        for held in (self._decoded, self._encoded, self._summaries):
            held.pop(docname, None)

    def __iter__(self) -> Iterator[str]:
        yield from self._encoded
        yield from (docname for docname in self._decoded if docname not in self._encoded)

    def __len__(self) -> int:
        return len(self._encoded.keys() | self._decoded.keys())

    def __contains__(self, docname: object) -> bool:
        return docname in self._encoded or docname in self._decoded

    def append(self, docname: str, record: QuoteRecord) -> int:
        """Add ``record`` after the page's others; its index among them."""
        records = self.get(docname, ())
        self[docname] = (*records, record)
        return len(records)

    def summaries(self, docname: str) -> tuple[QuoteSummary, ...]:
        """The page's quotes as the manifest lists them (by source line, then config)."""
        summaries = self._summaries.get(docname)
        if summaries is None:
            ordered = sorted(self[docname], key=QuoteRecord.sort_key)
            summaries = self._summaries[docname] = tuple(map(_summary, ordered))
        return summaries

    def __reduce__(self) -> tuple[type[QuoteTable], tuple[dict[str, bytes], dict[str, Any]]]:
        # Sphinx pickles the environment once the pages are read, before any
        # is written: the pages read this build are encoded and summarised
        # here, so the next build finds every page's summary. The decoded
        # records are let go: writing needs the summaries, and a large
        # guide's records would otherwise be held twice until the build ends.
        for docname, records in self._decoded.items():
            if docname not in self._encoded:
                fields = [_as_fields(record) for record in records]
                self._encoded[docname] = pickle.dumps(fields, pickle.HIGHEST_PROTOCOL)
                self.summaries(docname)
        self._decoded.clear()
        return (QuoteTable, (self._encoded, self._summaries))


# docname -> its quotes, in document order
QUOTES = Slot[QuoteTable]("configfile_quotes")


def quotes_of(env: BuildEnvironment) -> QuoteTable:
    """The quote table of ``env``, created empty on first use."""
    return QUOTES.setdefault(env, QuoteTable)


def record_quote(env: BuildEnvironment, record: QuoteRecord) -> int:
    """Keep ``record``; return its index among its page's quotes."""
    return quotes_of(env).append(record.docname, record)


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    table = quotes_of(env)
    if docname in table:
        del table[docname]  # not pop(): that would decode the records it drops


def merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    theirs = quotes_of(other)
    for docname in docnames:
        if docname in theirs:
            quotes_of(env)[docname] = theirs[docname]


def note_conditions(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: note the ``only``/``ifconfig`` conditions around each listing."""
    table = quotes_of(app.env)
    docname = app.env.docname
    if docname not in table:
        return
    quotes = list(table[docname])
    for listing in doctree.findall(configfile_listing):
        index = listing.get(QUOTE_INDEX)
        conditions = conditions_around(listing)
        if conditions and index is not None and index < len(quotes):
            quotes[index] = dataclasses.replace(quotes[index], conditions=conditions)
    if quotes != list(table[docname]):
        table[docname] = tuple(quotes)


def sorted_records(env: BuildEnvironment) -> list[QuoteRecord]:
    """All quotes, by page, then source line, then config."""
    records = [record for quotes in quotes_of(env).values() for record in quotes]
    return sorted(records, key=QuoteRecord.sort_key)
