"""The extension's conf.py settings: declared once, registered, checked before anything uses them.

:data:`SETTINGS` is the one declaration: ``setup_settings`` registers it,
``check_settings`` checks it, and the docs' table is made from it
(``markdown_table``; ``tests/docs`` compares the two).

Sphinx only warns when a setting has the wrong type and then goes on: a
number as ``configfile_root`` became a traceback in an event handler, and a
string as ``configfile_orphans_ok`` became one pattern per character, ``*``
among them, so every orphan passed. Here a wrong setting is a warning at
its line of conf.py (so ``-W`` fails) and the build goes on with the
default; the ``configfile`` command refuses the project (exit 2).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from sphinx_configfile.gate.events import SERVER_VERSIONS_EVENT, looks_like_server_version
from sphinx_configfile.gate.options import CHECK_POLICIES, DEFAULT_POLICY, SETTING_PROBLEMS
from sphinx_configfile.lock import DEFAULT_LOCK_NAME

logger = logging.getLogger(__name__)


def _is_str(app: Sphinx, value: Any) -> bool:
    return isinstance(value, str)


def _is_bool(app: Sphinx, value: Any) -> bool:
    return isinstance(value, bool)


def _is_patterns(app: Sphinx, value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(p, str) for p in value)


def _is_lock_name(app: Sphinx, value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and not value.endswith(("/", "\\"))


def _is_policy(app: Sphinx, value: Any) -> bool:
    return value in CHECK_POLICIES


def _is_server_version(app: Sphinx, value: Any) -> bool:
    """A ``[server=]version`` string naming a server the judge knows (when one is loaded)."""
    return looks_like_server_version(value) and not app.emit_firstresult(
        SERVER_VERSIONS_EVENT, (value,)
    )


def _is_server_versions(app: Sphinx, value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(pattern, str) and _is_server_version(app, version)
        for pattern, version in value.items()
    )


@dataclass(frozen=True)
class Setting:
    """One conf.py setting, declared once: registered, checked and documented from here."""

    name: str
    default: Any
    rebuild: Literal["", "env", "html"]  # what a change rebuilds (app.add_config_value)
    types: tuple[type, ...]
    is_right: Callable[[Sphinx, Any], bool]
    right: str  # what a right value looks like, for the warning
    doc: str  # the docs table's "meaning" cell (Markdown)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "configfile_root", "../configs", "env", (str,), _is_str,
        'a directory relative to conf.py, e.g. "../configs"',
        "the configs root, relative to `conf.py`",
    ),
    Setting(
        "configfile_base_url", "", "env", (str,), _is_str,
        'a URL prefix such as "https://example.org/configs/", or ""',
        "when set, captions link to `base_url + path`; when empty, HTML captions link to a "
        "copy of the whole config under `_configfile/` in the output. The guide reads "
        "`CONFIGFILE_BASE_URL` from the environment and links to the copies when it is unset",
    ),
    Setting(
        "configfile_orphans_ok", [], "", (list, tuple), _is_patterns,
        'a list of fnmatch patterns, e.g. ["IM/*/README"]',
        "fnmatch patterns (relative to the configs root) of configs kept on purpose although "
        "no page quotes them",
    ),
    Setting(
        "configfile_lock", DEFAULT_LOCK_NAME, "", (str,), _is_lock_name,
        f'a file relative to the source dir, "{DEFAULT_LOCK_NAME}"',
        "the lock file, relative to the source directory",
    ),
    Setting(
        "configfile_lock_check", True, "", (bool,), _is_bool,
        "True or False",
        "warn during the build when a quote differs from the lock",
    ),
    # The three below are read by `configfile check` only (gate/options.py), never by the build.
    Setting(
        "configfile_check_policy", DEFAULT_POLICY, "", (str,), _is_policy,
        f"one of {', '.join(map(repr, CHECK_POLICIES))}",
        "the policy `configfile check` judges quoted configs by: `\"require-fs\"` (the guide's "
        "recommendations for each chapter), `\"prefer-fs\"`, `\"mozilla-intermediate\"`, "
        "`\"mozilla-modern\"`, or `\"none\"` to judge no config and keep only the quotes true "
        "(`--policy` overrides)",
    ),
    Setting(
        "configfile_check_coverage", True, "", (bool,), _is_bool,
        "True or False",
        "`configfile check` fails when a line a rule cites for a pass is quoted nowhere "
        "(`--[no-]coverage` overrides)",
    ),
    Setting(
        "configfile_server_versions", {}, "", (dict,), _is_server_versions,
        'a dict of fnmatch patterns to versions, e.g. {"IM/prosody/*": "prosody=0.12"}',
        "fnmatch patterns (relative to the configs root) to the server version a config is "
        'judged as, e.g. `{"IM/prosody/*": "prosody=0.12"}` (`--server-version` overrides)',
    ),
)  # fmt: skip


def _shown_default(default: Any) -> str:
    return f'"{default}"' if isinstance(default, str) else repr(default)


def markdown_table() -> str:
    """The docs' settings table (docs/settings-table.md), made from :data:`SETTINGS`."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]
    rows += [f"| `{s.name}` | `{_shown_default(s.default)}` | {s.doc} |" for s in SETTINGS]
    return "\n".join(rows) + "\n"


def setup_settings(app: Sphinx) -> None:
    for setting in SETTINGS:
        app.add_config_value(setting.name, setting.default, setting.rebuild, types=setting.types)
    app.connect("config-inited", check_settings)


def _location(confdir: str | os.PathLike[str] | None, name: str) -> str | None:
    """``conf.py:LINE`` of the assignment to ``name``, or conf.py alone."""
    if not confdir:
        return None
    conf = Path(confdir) / "conf.py"
    try:
        text = conf.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return str(conf)
    # The last assignment is the one Python keeps.
    found = list(re.finditer(rf"^{name}\s*[:=]", text, re.M))
    return f"{conf}:{text.count(chr(10), 0, found[-1].start()) + 1}" if found else str(conf)


def check_settings(app: Sphinx, config: Config) -> None:
    """``config-inited`` handler: warn about each wrong setting and use its default."""
    problems: list[str] = []
    for setting in SETTINGS:
        name, default = setting.name, setting.default
        value = config[name]
        if setting.is_right(app, value):
            continue
        message = f"{name} must be {setting.right}, not {type(value).__name__} {value!r}"
        location = _location(app.confdir, name)
        problems.append(f"{location}: {message}" if location else message)
        logger.warning(
            "%s; using the default %r",
            message,
            default,
            location=location,
            type="configfile",
            subtype="settings",
        )
        config[name] = default
    # The configfile command refuses a project with a wrong setting rather
    # than locking or checking it with defaults the author did not choose.
    SETTING_PROBLEMS.set(app, tuple(problems))
