"""`manifesto probe` as a subprocess: bad targets give one line on stderr and exit status 2."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from live.deployment import free_port

PROBE = [sys.executable, "-m", "tls_manifesto.probe.cli", "probe"]


def run_probe(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PROBE, *args], capture_output=True, text=True, timeout=60, check=False)


def assert_one_line_error(done: subprocess.CompletedProcess[str], expected: str) -> None:
    assert done.returncode == 2, done
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert expected in lines[0], lines[0]
    assert "Traceback" not in done.stderr


@pytest.fixture
def http_server() -> Iterator[int]:
    """Python's own HTTP server: a real service that is not XMPP."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_refused_connection_is_one_line_and_exit_2() -> None:
    port = free_port()
    assert_one_line_error(run_probe(f"127.0.0.1:{port}"), "cannot connect")


def test_a_service_that_is_not_xmpp_is_named_so(http_server: int) -> None:
    done = run_probe(f"127.0.0.1:{http_server}", "--timeout", "3")
    assert_one_line_error(done, "not an XMPP server")


def test_a_silent_peer_times_out_with_a_clear_message() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # accepts at the kernel level, never answers
        port = listener.getsockname()[1]
        done = run_probe(f"127.0.0.1:{port}", "--timeout", "1")
    assert_one_line_error(done, "no reply to the XMPP stream header")


@pytest.mark.parametrize("target", ["localhost", "localhost:0", "localhost:http", ":5222"])
def test_malformed_target_is_rejected(target: str) -> None:
    assert_one_line_error(run_probe(target), "expected HOST:PORT")
