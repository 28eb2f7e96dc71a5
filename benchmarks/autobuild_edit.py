"""The edit loop under ``sphinx-autobuild``: from saving a config to the rewritten page.

Starts ``sphinx-autobuild --no-initial`` on 127.0.0.1 over an output
directory the benchmark has already built, so only the rebuild after the
edit is timed. Each edit changes one quoted line of a config (a YAML comment
holding a fresh marker, so the page must show the edit) and the clock stops
when the page's HTML on disk holds the marker; the file is then restored and
its rebuild awaited, so the next edit starts from the same state. The time
includes sphinx-autobuild's file watching, which both directives pay alike.
The server is started and stopped by ``autobuild_server.py``.
"""

from __future__ import annotations

import os
import time
import urllib.request
from pathlib import Path

from autobuild_server import autobuild_server

POLL_SECONDS = 0.02
TIMEOUT_SECONDS = 180.0


class AutobuildError(Exception):
    """sphinx-autobuild is missing, did not start, or never showed the edit."""


def _wait(condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AutobuildError(f"sphinx-autobuild: {what} within {TIMEOUT_SECONDS:.0f} s")
        time.sleep(POLL_SECONDS)


def _serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


def _page_holds(page: Path, marker: str) -> bool:
    try:
        return marker in page.read_text(encoding="utf-8")
    except OSError:
        return False  # between the writer's unlink and rename


def edit_seconds(
    srcdir: Path, outdir: Path, config: Path, line: int, page: str, edits: int, env: dict[str, str]
) -> list[float]:
    """Seconds from each edit of ``config`` line ``line`` until ``page``'s HTML shows it."""
    try:
        import sphinx_autobuild  # noqa: F401
    except ImportError:
        raise AutobuildError(
            "sphinx-autobuild is not installed (pip install sphinx-autobuild)"
        ) from None
    original = config.read_text(encoding="utf-8")
    lines = original.split("\n")
    html = outdir / f"{page}.html"
    seconds: list[float] = []
    arguments = ["--no-initial", "-N", "-q", str(srcdir), str(outdir)]
    with autobuild_server(arguments, env=env) as port:
        try:
            _wait(lambda: _serving(f"http://127.0.0.1:{port}/"), "no server on 127.0.0.1")
            for number in range(edits):
                marker = f"autobuildedit{os.getpid()}x{number}"
                edited = [*lines]
                edited[line - 1] = f"{lines[line - 1]} # {marker}"
                start = time.perf_counter()
                config.write_text("\n".join(edited), encoding="utf-8")
                _wait(
                    lambda marker=marker: _page_holds(html, marker),
                    f"{html} never showed the edit",
                )
                seconds.append(time.perf_counter() - start)
                config.write_text(original, encoding="utf-8")
                _wait(
                    lambda marker=marker: not _page_holds(html, marker),
                    f"{html} never dropped the edit",
                )
        finally:
            # Restored while the server still runs: its last rebuild shows the original.
            config.write_text(original, encoding="utf-8")
    return seconds
