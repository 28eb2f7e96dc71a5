"""The lock: what every quote showed when a maintainer last approved it.

``source/configfiles.lock`` holds, per quote, its ranges, a sha256 of each
range's text and the text itself. The text lets us show a diff when a
config changes under a quote, and find the quoted lines again when they
moved (relocation). A quote's key is its document (the page, or for a
quote in an included file that file's path under the source dir), its
config and its ``:name:`` (else its ordinal among the unnamed quotes of that
config in that document), so editing prose above a quote keeps the key.

The file is JSON with sorted keys and one object per quote: stable,
diff-friendly, and readable by the standard library.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx_configfile.errors import ConfigfileToolError
from sphinx_configfile.excerpt.ranges import (
    LineRange,
    emphasized_lines,
    fold_lines,
    format_ranges,
    parse_ranges,
)
from sphinx_configfile.excerpt.reader import ConfigReadError, read_config
from sphinx_configfile.lock.emphasis import emphasis_positions, moved_emphasis
from sphinx_configfile.source_files import write_new_file_atomically
from sphinx_configfile.state.quotes import QuoteRecord

LOCK_FORMAT = 1


class LockError(ConfigfileToolError, ValueError):
    """A lock file that cannot be read, as ``path:line: what is wrong (what to do)``.

    ``location`` (``path:line``) and ``reason`` are the two halves, kept apart
    for Sphinx, whose warnings print a location of their own before the text.
    """

    def __init__(self, reason: str, location: str | None = None) -> None:
        super().__init__(f"{location}: {reason}" if location else reason)
        self.reason = reason
        self.location = location


@dataclass(frozen=True)
class Excerpt:
    """One range of a quote and its text."""

    range: LineRange
    lines: tuple[str, ...]

    @property
    def sha256(self) -> str:
        return fingerprint(self.lines)


@dataclass(frozen=True)
class LockEntry:
    key: str
    document: str
    config: str  # relative to the configs root
    origin: str  # "directive" or "legacy"
    excerpts: tuple[Excerpt, ...]
    fingerprints: tuple[str, ...]  # as recorded; differs from the excerpts' only if edited
    emphasized: tuple[int, ...] = ()  # :emphasize-lines:, in the config's numbering

    @property
    def ranges(self) -> tuple[LineRange, ...]:
        return tuple(excerpt.range for excerpt in self.excerpts)


@dataclass(frozen=True)
class CurrentQuote:
    """A quote as the guide makes it now, with the text it shows."""

    key: str
    record: QuoteRecord
    excerpts: tuple[Excerpt, ...]
    config_lines: tuple[str, ...]

    @property
    def ranges(self) -> tuple[LineRange, ...]:
        return tuple(excerpt.range for excerpt in self.excerpts)

    @property
    def emphasized(self) -> tuple[int, ...]:
        return self.record.emphasized


def fingerprint(lines: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def quote_keys(records: Iterable[QuoteRecord]) -> list[tuple[str, QuoteRecord]]:
    """Each record of one page with its stable key, in the order given.

    Raises ``LockError`` when two quotes of the page share a key (the same
    ``:name:`` on two quotes of one config): the lock would keep one of them
    and compare the other with its text.
    """
    ordinals: dict[tuple[str, str, str], int] = {}
    keyed = []
    seen: dict[str, QuoteRecord] = {}
    for record in records:
        if record.name:
            label = f"name={record.name}"
        else:
            slot = (record.docname, record.document, record.config_relpath)
            ordinals[slot] = ordinals.get(slot, 0) + 1
            label = f"#{ordinals[slot]}"
        key = f"{record.document}::{record.config_relpath}::{label}"
        first = seen.setdefault(key, record)
        if first is not record:
            raise LockError(
                f"{record.source}:{record.lineno}: :name: {record.name} also names "
                f"the quote of {record.config_relpath} at line {first.lineno}; the lock tells "
                "quotes apart by :name:, give each its own"
            )
        keyed.append((key, record))
    return keyed


def current_quotes(quotes_by_doc: Mapping[str, Sequence[QuoteRecord]]) -> list[CurrentQuote]:
    """The guide's quotes with their text now; quotes of unreadable configs are left out.

    Those are reported by the build itself (missing config, bad range).
    """
    result = []
    for docname in sorted(quotes_by_doc):
        for key, record in quote_keys(quotes_by_doc[docname]):
            try:
                config = read_config(Path(record.config_path))
            except ConfigReadError:
                continue
            if any(r.end > len(config.lines) for r in record.ranges):
                continue
            excerpts = tuple(
                Excerpt(r, tuple(config.lines[r.start - 1 : r.end])) for r in record.ranges
            )
            result.append(CurrentQuote(key, record, excerpts, config.lines))
    return result


def entry_for(quote: CurrentQuote) -> LockEntry:
    excerpts = quote.excerpts
    return LockEntry(
        key=quote.key,
        document=quote.record.document,
        config=quote.record.config_relpath,
        origin=quote.record.origin,
        excerpts=excerpts,
        fingerprints=tuple(excerpt.sha256 for excerpt in excerpts),
        emphasized=quote.emphasized,
    )


def with_ranges(entry: LockEntry, ranges: Sequence[LineRange]) -> LockEntry:
    """The same locked text, found at new lines (after relocation); its emphasis moves along."""
    excerpts = tuple(
        Excerpt(new, old.lines) for new, old in zip(ranges, entry.excerpts, strict=True)
    )
    emphasized = moved_emphasis(entry.emphasized, entry.ranges, ranges)
    return LockEntry(
        entry.key,
        entry.document,
        entry.config,
        entry.origin,
        excerpts,
        entry.fingerprints,
        emphasized,
    )


# --- reading and writing -------------------------------------------------------------


def _entry_to_json(entry: LockEntry) -> dict[str, Any]:
    data = {
        "document": entry.document,
        "config": entry.config,
        "origin": entry.origin,
        "ranges": format_ranges(entry.ranges),
        "excerpts": [
            {"range": str(excerpt.range), "sha256": sha, "lines": list(excerpt.lines)}
            for excerpt, sha in zip(entry.excerpts, entry.fingerprints, strict=True)
        ],
    }
    if entry.emphasized:  # absent otherwise: a lock without emphasis reads as before
        data["emphasize-lines"] = format_ranges(fold_lines(entry.emphasized))
    return data


def dump_lock(entries: Iterable[LockEntry]) -> str:
    data = {
        "format": LOCK_FORMAT,
        "quotes": {entry.key: _entry_to_json(entry) for entry in entries},
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_lock(path: Path, entries: Iterable[LockEntry]) -> None:
    write_new_file_atomically(path, dump_lock(entries))


def _entry_from_json(path: Path, key: str, data: Any) -> LockEntry:
    try:
        excerpts = []
        fingerprints = []
        for item in data["excerpts"]:
            if not isinstance(item["range"], str):
                raise TypeError(f'range {item["range"]!r} is not a string such as "104-107"')
            (line_range,) = parse_ranges(item["range"])
            lines = tuple(str(line) for line in item["lines"])
            excerpts.append(Excerpt(line_range, lines))
            fingerprints.append(str(item["sha256"]))
        emphasis = data.get("emphasize-lines")
        quoted = (
            n for excerpt in excerpts for n in range(excerpt.range.start, excerpt.range.end + 1)
        )
        return LockEntry(
            key,
            str(data["document"]),
            str(data["config"]),
            str(data.get("origin", "directive")),
            tuple(excerpts),
            tuple(fingerprints),
            emphasized_lines(str(emphasis), quoted) if emphasis else (),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise LockError(
            f"{path}: entry {key!r} is malformed ({exc}); run `configfile lock` to rewrite it"
        ) from None


def load_lock(path: Path) -> dict[str, LockEntry]:
    """The lock's entries by key; raises ``LockError`` (missing file included)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LockError(f"{path}: no lock file (run `configfile lock` to create it)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LockError(f"{path}: cannot read lock file ({exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LockError(
            f"not valid JSON ({exc.msg}); fix it or run `configfile lock` to rewrite it",
            location=f"{path}:{exc.lineno}",
        ) from None
    if not isinstance(data, dict) or data.get("format") != LOCK_FORMAT:
        raise LockError(
            f"not a format {LOCK_FORMAT} configfile lock; run `configfile lock`",
            location=f"{path}:1",
        )
    quotes = data.get("quotes")
    if not isinstance(quotes, dict):
        raise LockError('no "quotes" object; run `configfile lock`', location=f"{path}:1")
    return {key: _entry_from_json(path, key, value) for key, value in quotes.items()}


# --- drift and relocation --------------------------------------------------------------


@dataclass(frozen=True)
class Relocation:
    """Where the locked text is now: new ranges, or why they cannot be proposed."""

    ranges: tuple[LineRange, ...] | None
    reason: str | None = None


@dataclass(frozen=True)
class Drift:
    """A quote whose shown text differs from the lock."""

    quote: CurrentQuote
    entry: LockEntry
    diff: str
    relocation: Relocation
    ranges_edited: bool  # the document's :lines: changed, not the config
    emphasis_edited: bool = False  # the listing highlights other lines than the lock says

    def describe(self) -> str:
        record = self.quote.record
        if self.emphasis_edited:
            return (
                f"quote of {record.config_relpath} (lines {format_ranges(self.quote.ranges)}) "
                "highlights other lines than the lock: the :emphasize-lines: were edited; "
                f"run `configfile lock` to accept them\n{_emphasis_diff(self.quote, self.entry)}"
                f"{self.diff}"
            ).rstrip("\n")
        what = (
            f"quote of {record.config_relpath} (lines {format_ranges(self.quote.ranges)}) "
            f"differs from the lock (lines {format_ranges(self.entry.ranges)})"
        )
        if self.ranges_edited:
            advice = "the :lines: were edited; run `configfile lock` to accept the new quote"
        elif self.relocation.ranges is not None:
            advice = (
                f"the locked text moved to lines {format_ranges(self.relocation.ranges)}; "
                "run `configfile verify --fix` to update :lines: and the lock"
            )
        else:
            advice = (
                f"{self.relocation.reason}; update the text around the quote, "
                "then run `configfile lock`"
            )
        return f"{what}: {advice}\n{self.diff}".rstrip("\n")


def unlocked_message(quote: CurrentQuote) -> str:
    """What the build, ``verify`` and ``check`` say about a quote the lock lacks."""
    return (
        f"quote of {quote.record.config_relpath} (lines {format_ranges(quote.ranges)}) "
        "is not locked (run `configfile lock`)"
    )


def stale_message(entry: LockEntry) -> str:
    """What ``verify`` and ``check`` say about a locked quote the guide no longer makes."""
    return f"locked quote {entry.key} is no longer in the guide (run `configfile lock`)"


def find_excerpt(lines: Sequence[str], wanted: Sequence[str]) -> list[int]:
    """Every 1-based line where ``wanted`` starts as consecutive lines of ``lines``."""
    size = len(wanted)
    if not size:
        return []
    first = wanted[0]
    return [
        index + 1
        for index in range(len(lines) - size + 1)
        if lines[index] == first and tuple(lines[index : index + size]) == tuple(wanted)
    ]


def relocate(entry: LockEntry, config_lines: Sequence[str]) -> Relocation:
    """Find each locked range's text again; a range found twice is ambiguous."""
    ranges = []
    for excerpt in entry.excerpts:
        starts = find_excerpt(config_lines, excerpt.lines)
        if not starts:
            return Relocation(None, f"the text of locked lines {excerpt.range} is gone")
        if len(starts) > 1:
            places = ", ".join(str(start) for start in starts)
            return Relocation(
                None,
                f"relocation is ambiguous: the text of locked lines {excerpt.range} "
                f"occurs at lines {places}",
            )
        ranges.append(LineRange(starts[0], starts[0] + len(excerpt.lines) - 1))
    for earlier, later in zip(ranges, ranges[1:], strict=False):
        if later.overlaps(earlier):
            return Relocation(None, f"relocated ranges {earlier} and {later} overlap")
    return Relocation(tuple(ranges))


def _quoted_text(excerpts: Sequence[Excerpt]) -> list[str]:
    return [f"{line}\n" for excerpt in excerpts for line in excerpt.lines]


def quote_diff(quote: CurrentQuote, entry: LockEntry) -> str:
    record = quote.record
    return "".join(
        difflib.unified_diff(
            _quoted_text(entry.excerpts),
            _quoted_text(quote.excerpts),
            fromfile=f"{record.config_relpath} lines {format_ranges(entry.ranges)} (locked)",
            tofile=f"{record.config_relpath} lines {format_ranges(quote.ranges)} (now)",
        )
    )


def _emphasized_text(excerpts: Sequence[Excerpt], emphasized: Sequence[int]) -> list[str]:
    """``N: text`` for each emphasized line: what the reader sees highlighted."""
    shown = {
        n: line
        for excerpt in excerpts
        for n, line in enumerate(excerpt.lines, start=excerpt.range.start)
    }
    return [f"{n}: {shown.get(n, '')}\n" for n in emphasized]


def _emphasis_diff(quote: CurrentQuote, entry: LockEntry) -> str:
    """The emphasized lines and what they hold, as locked and as the page has them now."""
    return "".join(
        difflib.unified_diff(
            _emphasized_text(entry.excerpts, entry.emphasized),
            _emphasized_text(quote.excerpts, quote.emphasized),
            fromfile=f"{quote.record.config_relpath} emphasized lines (locked)",
            tofile=f"{quote.record.config_relpath} emphasized lines (now)",
        )
    )


KEYS_FOLLOW = "quoted by :keys:, its lines follow the settings"


def drift_of(quote: CurrentQuote, entry: LockEntry) -> Drift | None:
    """``None`` when the quote shows exactly what was locked.

    A quote by ``:keys:`` is judged by its text alone: its keys resolve to new
    line numbers when the config changes elsewhere, which is the point of them.
    """
    now = tuple(excerpt.sha256 for excerpt in quote.excerpts)
    same_emphasis = emphasis_positions(quote.ranges, quote.emphasized) == emphasis_positions(
        entry.ranges, entry.emphasized
    )
    if quote.ranges == entry.ranges and now == entry.fingerprints and same_emphasis:
        return None
    if getattr(quote.record, "keys", None) is not None:
        if _quoted_text(quote.excerpts) == _quoted_text(entry.excerpts) and same_emphasis:
            return None
        return Drift(quote, entry, quote_diff(quote, entry), Relocation(None, KEYS_FOLLOW), False)
    if quote.ranges == entry.ranges and not same_emphasis:
        # Same lines, other highlights: the page's :emphasize-lines: changed
        # (or were left behind when :lines: moved); only a person can approve that.
        edited = Relocation(None, "the :emphasize-lines: were edited")
        return Drift(quote, entry, quote_diff(quote, entry), edited, False, emphasis_edited=True)
    ranges_edited = quote.ranges != entry.ranges
    relocation = (
        Relocation(None, "the :lines: were edited")
        if ranges_edited
        else relocate(entry, quote.config_lines)
    )
    return Drift(quote, entry, quote_diff(quote, entry), relocation, ranges_edited)


@dataclass(frozen=True)
class LockComparison:
    drifts: tuple[Drift, ...]
    unlocked: tuple[CurrentQuote, ...]
    stale: tuple[LockEntry, ...]  # locked quotes the guide no longer makes

    @property
    def clean(self) -> bool:
        return not (self.drifts or self.unlocked or self.stale)


def compare_with_lock(
    quotes: Sequence[CurrentQuote], lock: Mapping[str, LockEntry]
) -> LockComparison:
    drifts, unlocked = [], []
    for quote in quotes:
        entry = lock.get(quote.key)
        if entry is None:
            unlocked.append(quote)
            continue
        drift = drift_of(quote, entry)
        if drift is not None:
            drifts.append(drift)
    made = {quote.key for quote in quotes}
    stale = tuple(entry for key, entry in sorted(lock.items()) if key not in made)
    return LockComparison(tuple(drifts), tuple(unlocked), stale)
