"""The web server harness: nginx and apache2 on loopback only, in their folder, stopped by PID.

And ``manifesto probe --http`` / ``--plain-http`` as a user runs them, against the real servers.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.probe_cli import run_probe

from live.conftest import make_live_folder
from live.matrix_run import make_shared_files
from live.server_process import RunningServer, stop
from live.web.matrix import prepare
from live.web.shipped_configs import WEB_CONFIGS, WebConfig
from live.web.web_server_process import apache_program, nginx_program, start_apache, start_nginx

CONFIGS = {
    "nginx": next(c for c in WEB_CONFIGS if c.label == "nginx/debian+redirect"),
    "apache": next(c for c in WEB_CONFIGS if c.label == "apache/debian+hsts"),
}


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found |= {int(child) for child in text.split()}
    return found


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    # A zombie has exited; only its parent's wait() is missing.
    return status.exists() and "\nState:\tZ" not in status.read_text()


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def running(request: pytest.FixtureRequest) -> Iterator[tuple[WebConfig, RunningServer]]:
    config = CONFIGS[request.param]
    nginx_program() if config.server == "nginx" else apache_program()
    with make_live_folder() as root:
        prepared = prepare(config, root, make_shared_files(root))
        where = prepared.placement
        if config.server == "nginx":
            server = start_nginx(prepared.adapted, where.tree, where.ports)
        else:
            server = start_apache(prepared.adapted, where.tree, where.tree, where.ports)
        try:
            yield config, server
        finally:
            stop(server)


def test_the_server_listens_on_loopback_only(running: tuple[WebConfig, RunningServer]) -> None:
    _, server = running
    for port in server.ports.values():
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        # Another loopback address reaches a socket bound to 0.0.0.0, not one on 127.0.0.1.
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.2", port), timeout=5).close()


def test_the_server_writes_its_pid_and_logs_in_its_folder(
    running: tuple[WebConfig, RunningServer],
) -> None:
    config, server = running
    pid_file = server.folder / ("nginx.pid" if config.server == "nginx" else "run/apache2.pid")
    assert int(pid_file.read_text().strip()) == server.process.pid
    assert all(log.parent.is_relative_to(server.folder) for log in server.logs)
    assert any(log.exists() for log in server.logs)


def test_probe_http_reads_the_real_servers_answer(running: tuple[WebConfig, RunningServer]) -> None:
    config, server = running
    https = run_probe(f"127.0.0.1:{server.ports['https']}", "--http", "--format", "json")
    assert https.returncode == 0, https.stderr
    summary = json.loads(https.stdout)["summary"]
    assert summary["http_status"] == 200
    assert summary["hsts_max_age"] == (31536000 if config.server == "apache" else None)
    plain = run_probe(f"127.0.0.1:{server.ports['http']}", "--plain-http")
    assert plain.returncode == 0, plain.stderr
    redirects = "yes" if config.server == "nginx" else "no"
    assert f"    redirects to https: {redirects}" in plain.stdout


def test_probe_http_on_the_plain_port_is_one_line_and_exit_2(
    running: tuple[WebConfig, RunningServer],
) -> None:
    _, server = running
    done = run_probe(f"127.0.0.1:{server.ports['http']}", "--http", "--timeout", "3")
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "TLS" in done.stderr, done.stderr


def test_stopping_by_pid_ends_the_master_and_its_workers() -> None:
    nginx_program()
    with make_live_folder() as root:
        prepared = prepare(CONFIGS["nginx"], root, make_shared_files(root))
        where = prepared.placement
        server = start_nginx(prepared.adapted, where.tree, where.ports)
        workers = _children(server.process.pid)
        assert workers, "nginx started no worker"
        stop(server)
        assert not _alive(server.process.pid)
        assert [pid for pid in workers if _alive(pid)] == []
