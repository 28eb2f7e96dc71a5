"""Postfix and Dovecot started for real: loopback only, their own folders, stopped by PID.

What the harness promises, checked on the running servers: they listen on
127.0.0.1 only, nothing outside the test's folder changes, no mail can
leave (every non-local transport is an error and no DATA is ever sent),
and stopping leaves no process behind. And one fact the mail matrix rests
on: Dovecot lets a client whose address is its own log in without TLS,
so its policy shows only from another address.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from support.probe_invariants import result_problems
from support.skipping import require_program
from tls_manifesto.probe.mail.before_tls import observe_before_tls
from tls_manifesto.probe.scan import probe
from tls_manifesto.probe.target import resolve

from live.conftest import make_live_folder
from live.deployment import free_port
from live.mail.configs import MailConfig
from live.mail.mail_deployment import NOWHERE, TEST_PASSWORD
from live.mail.matrix import CLIENT_ADDRESS, PreparedMail, adapt, prepare_mail
from live.mail.process import DOVECOT_PACKAGE, POSTFIX_PACKAGE, start_dovecot, start_postfix
from live.matrix_run import make_shared_files
from live.server_process import RunningServer, stop

# Debian's own state, which a test server must leave alone.
UNTOUCHED = (
    Path("/etc/postfix"),
    Path("/var/spool/postfix"),
    Path("/var/lib/postfix"),
    Path("/etc/dovecot"),
    Path("/var/lib/dovecot"),
    Path("/run/dovecot"),
    Path("/var/mail"),
)
QUEUES = ("maildrop", "incoming", "active", "deferred", "hold", "corrupt")


def _snapshot() -> dict[str, tuple[int, int] | None]:
    """Modification time and size of every file and folder under UNTOUCHED."""
    found: dict[str, tuple[int, int] | None] = {}
    for top in UNTOUCHED:
        if not top.exists():
            found[str(top)] = None
            continue
        for path in [top, *top.rglob("*")]:
            stat = path.lstat()
            found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


@pytest.fixture(scope="module")
def untouched_before() -> dict[str, tuple[int, int] | None]:
    return _snapshot()


def _started(config: MailConfig, folder: Path) -> tuple[PreparedMail, RunningServer]:
    shared = make_shared_files(folder)
    prepared = prepare_mail(config, folder, shared)
    ports = {role: free_port() for role in config.roles}
    adapt(prepared, shared.certificate, ports)
    runtime = prepared.runtime
    if config.server == "postfix":
        return prepared, start_postfix(prepared.adapted.parent, runtime, ports)
    return prepared, start_dovecot(prepared.adapted, runtime, ports)


@pytest.fixture(scope="module")
def postfix(untouched_before) -> Iterator[tuple[PreparedMail, RunningServer]]:
    require_program("postfix", POSTFIX_PACKAGE)
    config = MailConfig("postfix", "debian", "as shipped", roles=("smtp",))
    with make_live_folder() as folder:
        prepared, server = _started(config, folder)
        try:
            yield prepared, server
        finally:
            stop(server)


@pytest.fixture(scope="module")
def dovecot(untouched_before) -> Iterator[tuple[PreparedMail, RunningServer]]:
    require_program("dovecot", DOVECOT_PACKAGE)
    config = MailConfig("dovecot", "debian", "as shipped", roles=("imap", "pop3"))
    with make_live_folder() as folder:
        prepared, server = _started(config, folder)
        try:
            yield prepared, server
        finally:
            stop(server)


def _listening_addresses(ports: set[int]) -> dict[int, set[str]]:
    """Local addresses of the TCP sockets listening on ``ports`` (``ss -ltn``)."""
    done = subprocess.run(["ss", "-Hltn"], capture_output=True, text=True, check=True)
    found: dict[int, set[str]] = {port: set() for port in ports}
    for line in done.stdout.splitlines():
        address, _, port = line.split()[3].rpartition(":")
        if int(port) in ports:
            found[int(port)].add(address)
    return found


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def test_postfix_takes_mail_on_loopback_and_nothing_can_leave(postfix) -> None:
    prepared, server = postfix
    config_dir = prepared.adapted.parent
    postconf = require_program("postconf", POSTFIX_PACKAGE)
    done = subprocess.run(
        [postconf, "-c", str(config_dir), "-h", "default_transport", "relay_transport",
         "relayhost", "inet_interfaces", "queue_directory"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.split("\n")[:5] == [
        NOWHERE, NOWHERE, "", "127.0.0.1", str(prepared.runtime / "queue"),
    ]  # fmt: skip
    target = replace(resolve("127.0.0.1", server.ports["smtp"], 10), source=CLIENT_ADDRESS)
    seen = observe_before_tls(target, "smtp", "localhost", 10)
    assert seen.mail_accepted and seen.starttls_offered
    assert _queued_files(prepared.runtime / "queue") == []


def _queued_files(queue: Path, settle: float = 10.0) -> list[Path]:
    """Files in the mail queues once cleanup(8) has dropped the file MAIL FROM opened.

    Postfix opens a queue file in incoming/ at MAIL FROM; RSET aborts it, and
    the cleanup daemon removes it a moment later.
    """
    deadline = time.monotonic() + settle
    while True:
        found = [p for q in QUEUES for p in (queue / q).rglob("*") if p.is_file()]
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_dovecot_trusts_its_own_address_and_no_other(dovecot) -> None:
    _, server = dovecot
    port = server.ports["imap"]
    answers = {}
    for source in ("127.0.0.1", CLIENT_ADDRESS):
        with socket.create_connection(("127.0.0.1", port), 10, (source, 0)) as sock:
            reader = sock.makefile("rb")
            reader.readline()
            sock.sendall(f"a LOGIN tester {TEST_PASSWORD}\r\n".encode())
            while not (line := reader.readline().decode()).startswith("a "):
                pass
            answers[source] = line.strip()
    # The static test user's password logs in from 127.0.0.1, without TLS.
    assert answers["127.0.0.1"].startswith("a OK"), answers
    assert "[PRIVACYREQUIRED]" in answers[CLIENT_ADDRESS], answers


@pytest.mark.parametrize(("server", "role"), [("postfix", "smtp"), ("dovecot", "imap")])
def test_a_full_probe_of_each_server_is_consistent(request, server: str, role: str) -> None:
    _, running = request.getfixturevalue(server)
    target = replace(resolve("127.0.0.1", running.ports[role], 10), source=CLIENT_ADDRESS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sslyze's trust stores vs newer `cryptography`
        result = probe(target, role, "localhost", 10)
    assert result.mail is not None and result.mail.source_address == CLIENT_ADDRESS
    assert result_problems(result) == []
    assert "TLSv1.2" in result.accepted_versions


def test_both_listen_on_loopback_only(postfix, dovecot) -> None:
    ports = {*postfix[1].ports.values(), *dovecot[1].ports.values()}
    assert _listening_addresses(ports) == {port: {"127.0.0.1"} for port in ports}


def test_nothing_outside_the_test_folder_changed(postfix, dovecot, untouched_before) -> None:
    after = _snapshot()
    changed = sorted(p for p in set(after) | set(untouched_before)
                     if after.get(p) != untouched_before.get(p))  # fmt: skip
    assert changed == []


def test_stopping_by_pid_leaves_nothing_listening() -> None:
    require_program("postfix", POSTFIX_PACKAGE)
    config = MailConfig("postfix", "debian", "as shipped", roles=("smtp",))
    with make_live_folder() as folder:
        _, server = _started(config, folder)
        pids = [*server.extra_pids, server.process.pid, server.companions[0].process.pid]
        stop(server)
        assert not _port_open(server.ports["smtp"])
        for pid in pids:
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
