"""sphinx-autobuild on 127.0.0.1, and its stop: one way for the edit-loop bench and its test.

sphinx-autobuild runs each rebuild in a child process, so it is started as
the leader of a process group of its own and stopped with the whole group:
SIGTERM, then SIGKILL when it has not exited within the grace time. A stop
that signalled only the server would leave a rebuild running, writing into
a folder the caller is about to delete.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

STOP_GRACE_SECONDS = 15.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def autobuild_server(
    arguments: Sequence[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    output: int | IO[bytes] = subprocess.DEVNULL,
) -> Iterator[int]:
    """``python -m sphinx_autobuild ARGUMENTS`` on 127.0.0.1 while the block runs; yields its port.

    The server's standard output and error both go to ``output``.
    """
    port = free_port()
    command = [sys.executable, "-m", "sphinx_autobuild", *arguments]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        yield port
    finally:
        stop_process_group(server)


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """Stop ``process`` (started with ``start_new_session=True``) and every process of its group."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
