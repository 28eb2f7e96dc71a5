"""The edit loop under ``sphinx-autobuild``: from saving a config to the rewritten page.

Starts ``sphinx-autobuild --no-initial`` on 127.0.0.1 over an output
directory the benchmark has already built, so only the rebuild after the
edit is timed. Each edit changes one quoted line of a config (a YAML comment
holding a fresh marker, so the page must show the edit) and the clock stops
when the page's HTML on disk holds the marker; the file is then restored and
its rebuild awaited, so the next edit starts from the same state. The time
includes sphinx-autobuild's file watching, which both directives pay alike.
The server is stopped by its process group (it runs each build in a child).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

POLL_SECONDS = 0.02
TIMEOUT_SECONDS = 180.0


class AutobuildError(Exception):
    """sphinx-autobuild is missing, did not start, or never showed the edit."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
    port = _free_port()
    command = [sys.executable, "-m", "sphinx_autobuild", "--no-initial", "-N", "-q"]
    command += ["--host", "127.0.0.1", "--port", str(port), str(srcdir), str(outdir)]
    server = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    original = config.read_text(encoding="utf-8")
    lines = original.split("\n")
    html = outdir / f"{page}.html"
    seconds: list[float] = []
    try:
        _wait(lambda: _serving(f"http://127.0.0.1:{port}/"), "no server on 127.0.0.1")
        for number in range(edits):
            marker = f"autobuildedit{os.getpid()}x{number}"
            edited = [*lines]
            edited[line - 1] = f"{lines[line - 1]} # {marker}"
            start = time.perf_counter()
            config.write_text("\n".join(edited), encoding="utf-8")
            _wait(lambda marker=marker: _page_holds(html, marker), f"{html} never showed the edit")
            seconds.append(time.perf_counter() - start)
            config.write_text(original, encoding="utf-8")
            _wait(
                lambda marker=marker: not _page_holds(html, marker),
                f"{html} never dropped the edit",
            )
    finally:
        config.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return seconds
