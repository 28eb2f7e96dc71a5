"""The section tree -> settings per filter, and the login services' listeners.

Dovecot keeps one set of settings per filter (config-parser.c
config_filter_parser_find: every ``protocol imap { }`` block, in any file,
adds to the same one) and, per connection, takes each setting from the most
specific filter that sets it (config-filter.c config_filter_parser_cmp:
local_name, then local, then remote, then protocol, then the top level). So a
top-level line written after a ``protocol imap`` block that sets the same key
does not change IMAP's value, as Dovecot warns. Here each filter keeps the
last line that set each key; ``interpret.py`` layers them per endpoint.

Only the blocks that carry TLS or login settings are read: the top level,
the filters, and ``service imap-login``/``pop3-login``/``submission-login``
with their ``inet_listener`` blocks. A setting there that the judged series
does not know is named (``names.py``); the other sections (passdb, namespace,
plugin, other services) are skipped.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field, replace

from tls_manifesto.model import ConfigError, Evidence, ReadIssue
from tls_manifesto.reading.config_files import UNSEEN
from tls_manifesto.servers.dovecot.names import (
    FILTERS,
    LISTENER_SETTINGS,
    LOGIN_SERVICES,
    is_known,
    looks_tls_related,
    rename_hint,
)
from tls_manifesto.servers.dovecot.syntax import Statement
from tls_manifesto.servers.dovecot.tree import Section

# 2.4 filters named after a setting prefix (ssl-settings.c SET_FILTER_NAME): the
# settings inside them may leave the prefix out.
NAMED_FILTERS_2_4 = ("ssl_server", "ssl_client")
# Obsolete names Dovecot 2.3 accepts and ignores (src/config/old-set-parser.c, 2.3.19.1).
IGNORED_BY_2_3 = frozenset({"ssl_parameters_regenerate", "ssl_dh_parameters_length"})


@dataclass(frozen=True)
class FilterKey:
    """Which connections a filter's settings apply to; all None: the top level."""

    protocol: str | None = None
    local: str | None = None
    remote: str | None = None
    local_name: str | None = None

    def specificity(self) -> tuple[bool, int, int, bool]:
        """config_filter_parser_cmp's order: the larger applies first."""
        return (
            self.local_name is not None,
            _bits(self.local),
            _bits(self.remote),
            self.protocol is not None,
        )

    def applies_within(self, protocol: str, variant: FilterKey) -> bool:
        """True when this filter's settings reach ``protocol`` connections matching ``variant``."""
        return (
            self.protocol in (None, protocol)
            and self.local in (None, variant.local)
            and self.remote in (None, variant.remote)
            and self.local_name in (None, variant.local_name)
        )

    def describe(self) -> str:
        parts = [
            f"{kind} {value}"
            for kind, value in (
                ("local_name", self.local_name),
                ("local", self.local),
                ("remote", self.remote),
            )
            if value is not None
        ]
        return ", ".join(parts)


def _bits(network: str | None) -> int:
    if network is None:
        return 0
    try:
        return ipaddress.ip_network(network, strict=False).prefixlen
    except ValueError:
        return 32  # a host name: one address


@dataclass
class Listener:
    """An ``inet_listener`` of a login service: its settings, as lines that set them."""

    service: str
    name: str
    declared: Statement | None = None  # the block's own line; None: the service's default
    settings: dict[str, Statement] = field(default_factory=dict)


@dataclass
class Scopes:
    filters: dict[FilterKey, dict[str, Statement]] = field(default_factory=dict)
    listeners: list[Listener] = field(default_factory=list)
    issues: list[ReadIssue] = field(default_factory=list)
    first_setting: Statement | None = None


class _Walker:
    def __init__(self, series: str, version: str, lines: dict[str, tuple[str, ...]]) -> None:
        self.series = series
        self.version = version
        self.lines = lines
        self.scopes = Scopes()

    def evidence(self, path: str, line: int) -> Evidence:
        text = self.lines.get(path, ())
        return Evidence(path, line, text[line - 1].rstrip() if 0 < line <= len(text) else "")

    def filter_block(self, section: Section, key: FilterKey) -> None:
        for item in section.items:
            if isinstance(item, Section):
                self.section_in_filter(item, key)
            else:
                self.setting_in_filter(item, key)

    def section_in_filter(self, section: Section, key: FilterKey) -> None:
        if section.kind in FILTERS:
            self.filter_block(section, _nested(key, section))
        elif section.kind in NAMED_FILTERS_2_4 and self.series == "2.4":
            self.prefixed_block(section, key)
        elif section.kind == "protocols" and self.series == "2.4":
            self.protocols_block(section, key)
        elif section.kind == "service" and section.name in LOGIN_SERVICES and key == FilterKey():
            self.service_block(section)
        elif looks_tls_related(section.kind):
            self.name_unread(section.path, section.line, f"section {section.kind}", True)

    def setting_in_filter(self, statement: Statement, key: FilterKey) -> None:
        if self.scopes.first_setting is None:
            self.scopes.first_setting = statement
        self.check_name(statement)
        value = self.expanded(statement, key)
        self.scopes.filters.setdefault(key, {})[statement.key] = value

    def prefixed_block(self, section: Section, key: FilterKey) -> None:
        """2.4 ``ssl_server { cert_file = ... }``: a name inside takes the block's prefix."""
        for item in section.items:
            if isinstance(item, Section):
                self.name_unread(item.path, item.line, f"section {item.kind}", True)
                continue
            prefixed = f"{section.kind}_{item.key}"
            if not item.key.startswith(section.kind + "_") and is_known(prefixed, self.series):
                item = replace(item, key=prefixed)
            self.setting_in_filter(item, key)

    def protocols_block(self, section: Section, key: FilterKey) -> None:
        """2.4 ``protocols { imap = yes }``: each line adds (yes) or removes (no) one."""
        for item in section.items:
            if isinstance(item, Section):
                self.name_unread(item.path, item.line, f"section {item.kind}", False)
                continue
            words = (self.value_so_far("protocols", key) or "").split()
            words = [w for w in words if w != item.key]
            if item.value.lower() in ("yes", "y", "1"):
                words.append(item.key)
            self.setting_in_filter(replace(item, key="protocols", value=" ".join(words)), key)

    def service_block(self, section: Section) -> None:
        for item in section.items:
            if isinstance(item, Section) and item.kind == "inet_listener":
                self.listener_block(section.name, item)
            elif isinstance(item, Section):
                if looks_tls_related(item.kind):
                    self.name_unread(item.path, item.line, f"section {item.kind}", True)
            else:
                self.check_name(item)

    def listener_block(self, service: str, section: Section) -> None:
        declared = Statement("section", section.path, section.line, section.kind, section.name)
        listener = Listener(service, section.name, declared)
        for item in section.items:
            if isinstance(item, Section):
                self.name_unread(item.path, item.line, f"section {item.kind}", False)
            elif item.key in LISTENER_SETTINGS:
                listener.settings[item.key] = item
            else:
                self.name_unread(item.path, item.line, item.key, looks_tls_related(item.key))
        self.scopes.listeners.append(listener)

    def check_name(self, statement: Statement) -> None:
        name = statement.key
        hint = rename_hint(name, self.series)
        if name == "ssl_protocols" and self.series == "2.3":
            hint = (
                "ssl_protocols is the Dovecot 2.2 name, which 2.3 converts into ssl_min_protocol"
                " with a warning; set ssl_min_protocol instead"
            )
        if hint is not None:
            self.block(statement.path, statement.line, f"{hint}: {UNSEEN}")
        elif self.series == "2.3" and name in IGNORED_BY_2_3:
            self.warn(statement, f"{name} is obsolete: Dovecot 2.3 ignores it")
        elif not is_known(name, self.series):
            self.name_unread(statement.path, statement.line, name, looks_tls_related(name))

    def name_unread(self, path: str, line: int, what: str, blocks: bool) -> None:
        message = (
            f"{what} is not a setting Dovecot {self.version} knows (it stops with "
            '"Unknown setting"), so the checker does not read it'
        )
        if blocks:
            self.block(path, line, f"{message}: {UNSEEN}")
        else:
            self.scopes.issues.append(ReadIssue(self.evidence(path, line), message, False))

    def block(self, path: str, line: int, message: str) -> None:
        self.scopes.issues.append(ReadIssue(self.evidence(path, line), message, blocks_pass=True))

    def warn(self, statement: Statement, message: str) -> None:
        self.scopes.issues.append(
            ReadIssue(self.evidence(statement.path, statement.line), message, blocks_pass=False)
        )

    def expanded(self, statement: Statement, key: FilterKey) -> Statement:
        """``protocols = $protocols imap``: ``$name`` (2.4: ``$SET:name``) is the value so far."""
        value = statement.value
        if statement.from_file or "$" not in value:
            return statement
        words = []
        for word in value.split():
            name = word.removeprefix("$SET:").removeprefix("$") if word.startswith("$") else None
            if name is None:
                words.append(word)
                continue
            current = self.value_so_far(name, key)
            if current is None:
                self.block(
                    statement.path,
                    statement.line,
                    f"{word} names no setting set before this line: {UNSEEN}",
                )
                return statement
            words.append(current)
        return replace(statement, value=" ".join(w for w in words if w))

    def value_so_far(self, name: str, key: FilterKey) -> str | None:
        for scope in (key, FilterKey()):
            found = self.scopes.filters.get(scope, {}).get(name)
            if found is not None:
                return found.value
        from tls_manifesto.servers.dovecot.profile import DEFAULT_PROTOCOLS

        return " ".join(DEFAULT_PROTOCOLS[self.series]) if name == "protocols" else None


def _nested(outer: FilterKey, section: Section) -> FilterKey:
    """The filter a ``protocol``/``local``/``remote``/``local_name`` block adds to ``outer``.

    Dovecot refuses the nestings it cannot order (config_filter_add_new_filter).
    """
    kind, name = section.kind, section.name
    refused = {
        "protocol": outer.protocol is not None,
        "local": outer.protocol is not None or outer.remote is not None,
        "local_name": outer.protocol is not None or outer.remote is not None,
        "remote": outer.protocol is not None,
    }
    if refused[kind]:
        raise ConfigError(
            section.path,
            section.line,
            f"{kind} {{ }} is not allowed inside {outer.describe() or 'protocol'} {{ }} "
            "(Dovecot refuses it: nest protocol innermost, local outside remote)",
        )
    field_name = "local_name" if kind == "local_name" else kind
    return replace(outer, **{field_name: name})


def read_scopes(
    root: Section, series: str, version: str, lines: dict[str, tuple[str, ...]]
) -> Scopes:
    walker = _Walker(series, version, lines)
    walker.filter_block(root, FilterKey())
    return walker.scopes
