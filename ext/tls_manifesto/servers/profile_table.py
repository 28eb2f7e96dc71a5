"""The profile table: one row per release range whose TLS facts are the same.

Each server family lists its rows (``ejabberd_profile.ROWS`` ...), oldest
first, each with the first and last release known to behave so and the
facts as ``ServerProfile`` fields. ``pick_row`` chooses the row a version
falls in; a version outside every row gets ``unknown_profile``: its
defaults are ``None``, so the rules that rest on them fail and say why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tls_manifesto.model import FixHints, ServerProfile, Source
from tls_manifesto.servers.versions import version_key


@dataclass(frozen=True)
class ProfileRow:
    """Releases ``first`` to ``last`` (inclusive, the last one known) share ``facts``."""

    family: str
    first: str
    last: str
    tls_library: str
    facts: Mapping[str, Any]  # ServerProfile fields: defaults, capabilities, sources
    hints: FixHints = field(default_factory=FixHints)

    @property
    def label(self) -> str:
        span = self.first if self.first == self.last else f"{self.first}-{self.last}"
        return f"{self.family} {span}"

    def covers(self, version: str) -> bool:
        return version_key(self.first) <= version_key(version) <= version_key(self.last)

    def profile(self, version: str, **overrides: Any) -> ServerProfile:
        fields: dict[str, Any] = {
            "family": self.family,
            "version": version,
            "release_series": self.label,
            "tls_library": self.tls_library,
            "hints": self.hints,
            **self.facts,
        }
        fields.update(overrides)
        fields["hints"] = for_server(fields["hints"], f"{self.family} {version}")
        return ServerProfile(**fields)


def for_server(hints: FixHints, server: str) -> FixHints:
    """Hints name the version judged: "{server}" becomes "charybdis 3.5.3"."""
    texts = {name: getattr(hints, name) for name in hints.__dataclass_fields__}
    return FixHints(**{name: text.replace("{server}", server) for name, text in texts.items()})


def judged_release(version: str, rows: Sequence[ProfileRow]) -> str | None:
    """The release whose facts judge ``version``; None outside the table.

    A version naming only a series (``0.12``, ``3.5``) is judged as the newest
    release of that series the table knows, as a deployment of a series runs
    its latest point release. Any other version must lie within a row.
    """
    key = version_key(version)
    if not key:
        return None
    in_series = [
        row.last
        for row in rows
        if len(version_key(row.last)) > len(key) and version_key(row.last)[: len(key)] == key
    ]
    if in_series:
        return max(in_series, key=version_key)
    return version if any(row.covers(version) for row in rows) else None


def pick_row(version: str, rows: Sequence[ProfileRow]) -> ProfileRow | None:
    release = judged_release(version, rows)
    if release is None:
        return None
    return next(row for row in rows if row.covers(release))


def newest_release(rows: Sequence[ProfileRow]) -> str:
    return rows[-1].last


def known_span(rows: Sequence[ProfileRow]) -> str:
    """ "2.1.0-2.1.11, 2.1.12-2.1.13, 13.06-13.10, ...": the release ranges of the rows."""
    return ", ".join(row.label.split(" ", 1)[1] for row in rows)


def unknown_profile(
    family: str,
    version: str,
    rows: Sequence[ProfileRow],
    reason: str,
    sources: tuple[Source, ...] = (),
    **known: Any,
) -> ServerProfile:
    """A version whose defaults are not known: what the newest row can set, no defaults.

    Capabilities follow the newest row, so the options such a config sets are
    still read; every default is None, so a verdict resting on one fails.
    ``known`` are the facts that do not depend on what is unknown.
    """
    newest = rows[-1].facts
    capabilities = {name: value for name, value in newest.items() if name.startswith("can_")}
    return ServerProfile(
        family=family,
        version=version,
        **capabilities,
        default_ciphers=None,
        default_disabled_protocols=None,
        default_server_cipher_order=None,
        sources=sources,
        unknown=reason,
        hints=for_server(rows[-1].hints, f"{family} {version}"),
        **known,
    )


def outside_table(family: str, version: str, rows: Sequence[ProfileRow]) -> str:
    return (
        f"{family} {version} is not in the profile table (known: {known_span(rows)}), so its"
        " TLS defaults are not known; set the values explicitly, or name a known release"
        " with --server-version"
    )
