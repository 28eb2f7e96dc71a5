"""Which server a config file is for: from its name, else from its content."""

from __future__ import annotations

import re
from pathlib import PurePath

from tls_manifesto.model import ConfigError, ConfigKind

_BY_NAME: tuple[tuple[re.Pattern[str], ConfigKind], ...] = (
    (re.compile(r"^ejabberd.*\.ya?ml$"), ConfigKind.EJABBERD_YAML),
    # ejabberdctl.cfg is a shell script for the control tool, not a server config.
    (re.compile(r"^ejabberd(?!ctl).*\.cfg$"), ConfigKind.EJABBERD_ERLANG),
    (re.compile(r"^prosody.*\.cfg\.lua$|\.cfg\.lua$"), ConfigKind.PROSODY),
    (re.compile(r"^ircd.*\.conf$"), ConfigKind.IRCD),
)

# Content markers, each typical of one format and unlikely in the others.
_BY_CONTENT: tuple[tuple[re.Pattern[str], ConfigKind], ...] = (
    (re.compile(r"^\s*(VirtualHost|Component)\s+[\"']", re.M), ConfigKind.PROSODY),
    (re.compile(r"^\s*(modules_enabled|c2s_require_encryption)\s*=", re.M), ConfigKind.PROSODY),
    (
        re.compile(r"^\s*(serverinfo|listen|auth|connect|operator)\s*(\"[^\"]*\"\s*)?\{", re.M),
        ConfigKind.IRCD,
    ),
    (
        re.compile(r"^\s*\{\s*(listen|hosts|loglevel|acl|access|modules)\s*,", re.M),
        ConfigKind.EJABBERD_ERLANG,
    ),
    (
        re.compile(r"^\s*(listen|hosts|loglevel|certfiles|acl|access_rules)\s*:", re.M),
        ConfigKind.EJABBERD_YAML,
    ),
)


def kind_from_name(path: str | PurePath) -> ConfigKind | None:
    name = PurePath(path).name.lower()
    for pattern, kind in _BY_NAME:
        if pattern.search(name):
            return kind
    return None


def kind_from_content(text: str) -> ConfigKind | None:
    # A byte-order mark is no whitespace to ``^\s*``; the file is still that server's.
    text = text.removeprefix("\ufeff")
    for pattern, kind in _BY_CONTENT:
        if pattern.search(text):
            return kind
    return None


def detect_kind(path: str | PurePath, text: str) -> ConfigKind:
    """The config kind from the file name, else from the content; ConfigError if neither."""
    kind = kind_from_name(path) or kind_from_content(text)
    if kind is None:
        raise ConfigError(
            str(path), None, "cannot tell which server this config is for (use --kind)"
        )
    return kind


# ircd.conf of one family: the format is ircd, the defaults are that server's.
IRCD_FAMILIES = ("charybdis", "solanum")


def parse_kind(value: str) -> ConfigKind:
    """A ``--kind`` value (``ejabberd-yaml``, ``ejabberd-erlang``, ``prosody``, ``ircd``)."""
    if value in IRCD_FAMILIES:
        return ConfigKind.IRCD
    try:
        return ConfigKind(value)
    except ValueError:
        known = ", ".join([*(kind.value for kind in ConfigKind), *IRCD_FAMILIES])
        raise ConfigError("--kind", None, f"unknown kind {value!r} (use one of {known})") from None


def ircd_family_of_kind(value: str | None) -> str | None:
    """``--kind charybdis`` or ``--kind solanum`` names the family too; other kinds do not."""
    return value if value in IRCD_FAMILIES else None
