"""Check the extension's conf.py settings before anything uses them.

Sphinx only warns when a setting has the wrong type and then goes on: a
number as ``configfile_root`` became a traceback in an event handler, and a
string as ``configfile_orphans_ok`` became one pattern per character, ``*``
among them, so every orphan passed. Here a wrong setting is a warning at
its line of conf.py (so ``-W`` fails) and the build goes on with the
default; the ``configfile`` command refuses the project (exit 2).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from sphinx_configfile.gate.judging import SERVER_VERSIONS_EVENT, looks_like_server_version
from sphinx_configfile.gate.options import CHECK_POLICIES, DEFAULT_POLICY
from sphinx_configfile.lock.model import DEFAULT_LOCK_NAME

logger = logging.getLogger(__name__)

# setting -> (default, what a right value looks like)
DEFAULTS: dict[str, tuple[Any, str]] = {
    "configfile_root": ("../configs", 'a directory relative to conf.py, e.g. "../configs"'),
    "configfile_base_url": ("", 'a URL prefix such as "https://example.org/configs/", or ""'),
    "configfile_lock": (
        DEFAULT_LOCK_NAME,
        f'a file relative to the source dir, "{DEFAULT_LOCK_NAME}"',
    ),
    "configfile_orphans_ok": ([], 'a list of fnmatch patterns, e.g. ["IM/*/README"]'),
    "configfile_lock_check": (True, "True or False"),
    "configfile_check_policy": (
        DEFAULT_POLICY,
        f"one of {', '.join(map(repr, CHECK_POLICIES))}",
    ),
    "configfile_check_coverage": (True, "True or False"),
    "configfile_server_versions": (
        {},
        'a dict of fnmatch patterns to versions, e.g. {"IM/prosody/*": "prosody=0.12"}',
    ),
}


def _is_server_version(app: Sphinx, value: Any) -> bool:
    """A ``[server=]version`` string naming a server the judge knows (when one is loaded)."""
    return looks_like_server_version(value) and not app.emit_firstresult(
        SERVER_VERSIONS_EVENT, (value,)
    )


def _is_right(app: Sphinx, name: str, value: Any) -> bool:
    if name == "configfile_orphans_ok":
        return isinstance(value, list | tuple) and all(isinstance(p, str) for p in value)
    if name in ("configfile_lock_check", "configfile_check_coverage"):
        return isinstance(value, bool)
    if name == "configfile_check_policy":
        return value in CHECK_POLICIES
    if name == "configfile_server_versions":
        return isinstance(value, dict) and all(
            isinstance(pattern, str) and _is_server_version(app, version)
            for pattern, version in value.items()
        )
    if name == "configfile_lock":
        return isinstance(value, str) and bool(value.strip()) and not value.endswith(("/", "\\"))
    return isinstance(value, str)


def _location(confdir: str | None, name: str) -> str | None:
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
    for name, (default, right) in DEFAULTS.items():
        value = config[name]
        if _is_right(app, name, value):
            continue
        message = f"{name} must be {right}, not {type(value).__name__} {value!r}"
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
    app.configfile_setting_problems = tuple(problems)
