"""The committed probe results (``make probe``): read once here for every page that shows them.

The probe table, the "live-verified" mark of a listing and the Compliance
page's live column all read the same file; reading and matching it in one
place keeps them agreeing on which config an entry covers and on what makes
the file malformed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class ProbeResultsError(ValueError):
    """The results file lacks what the table needs."""


def read_probe_results(path: str | Path) -> dict[str, dict[str, Any]]:
    """Server name -> its entry (``config``, ``endpoints``) of the results file at ``path``.

    ``OSError`` when it cannot be read; ``ProbeResultsError`` when it is not
    UTF-8 JSON with a ``servers`` map whose entries have ``config`` and
    ``endpoints``.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except ValueError as error:  # JSON or UTF-8 decoding
        raise ProbeResultsError(str(error)) from None
    servers = data.get("servers") if isinstance(data, dict) else None
    if not isinstance(servers, dict):
        raise ProbeResultsError("missing or malformed field 'servers'")
    for name, entry in servers.items():
        for field, kind in (("endpoints", dict), ("config", str)):
            if not isinstance(entry, dict) or not isinstance(entry.get(field), kind):
                raise ProbeResultsError(f"missing or malformed field {field!r} of {name}")
    return servers


def entry_covers(config_path: Path, entry_config: str) -> bool:
    """A probe entry covers the config whose path ends with the entry's ``config`` path.

    ``make probe`` records paths relative to the project root
    (``configs/IM/ejabberd/23.01/ejabberd.yml``); any checkout location matches.
    """
    return config_path.resolve().as_posix().endswith("/" + entry_config.lstrip("./"))
