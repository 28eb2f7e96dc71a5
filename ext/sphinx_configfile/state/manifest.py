"""``configfiles.json``: every quote this build's output shows, written into the output.

Paths are relative to the source dir and the configs root. The rows come
from the quote table's summaries (``quotes.py``), encoded once per page when
the page is read, so a rebuild that writes one page joins stored rows rather
than encode every quote of the guide again.
"""

from __future__ import annotations

from pathlib import Path

from hardening_guide_tools.atomic_file import already_holds, write_atomically
from sphinx.application import Sphinx

from sphinx_configfile.state.conditions import shown_in_this_build
from sphinx_configfile.state.quotes import quotes_of

MANIFEST_NAME = "configfiles.json"


def manifest_text(app: Sphinx) -> str:
    """The manifest of this build: the quotes it shows, by page, source line and config."""
    table = quotes_of(app.env)
    # What this build's output shows: not the quotes inside ``only:: latex``
    # in an HTML build, nor those of a false ``ifconfig``.
    rows = [
        row
        for docname in sorted(table)
        for conditions, _relpath, _path, row in table.summaries(docname)
        if not conditions or shown_in_this_build(app, conditions)
    ]
    # One quote per line: readable in a diff.
    return '{"version": 1, "quotes": [\n' + ",\n".join(rows) + "\n]}\n"


def write_manifest(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write ``configfiles.json`` into the output directory."""
    if exception is not None:
        return
    text = manifest_text(app)
    path = Path(app.outdir) / MANIFEST_NAME
    # Most rebuilds change no quote: leave the file (and its mtime, which
    # watchers of the output see) alone rather than write and sync it again.
    if already_holds(path, text.encode("utf-8")):
        return
    write_atomically(path, text, make_parents=True)
