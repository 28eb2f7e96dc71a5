"""Start a real ejabberd or Prosody in the foreground on a rendered config, and stop it by PID.

ejabberd: ``ejabberdctl ... foreground`` with our own ``--ctl-config``,
because the Debian package's ejabberdctl.cfg would set the config path
and override ``--config``. As root, ejabberdctl re-runs itself as user
``ejabberd`` through ``su``, so the Erlang VM (``beam.smp``) is a
grandchild: it writes its PID to ``EJABBERD_PID_PATH`` and is stopped by
that PID. ``ERL_DIST_PORT`` pins Erlang distribution to one port, so no
``epmd`` daemon is started and left behind; a random cookie and node name
keep runs from meeting each other.

Prosody: ``prosody --config FILE -F`` stays in the foreground; its PID is
the child's.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT_S = 90.0


class ServerStartError(Exception):
    """The server did not come up; the message carries its own output."""


@dataclass
class RunningServer:
    name: str
    config: Path
    folder: Path
    ports: dict[str, int]
    process: subprocess.Popen[bytes]
    output: Path
    logs: tuple[Path, ...]
    extra_pids: list[int] = field(default_factory=list)  # grandchildren to stop by PID
    # Servers started for this one (Postfix's SASL Dovecot), stopped after it.
    companions: list[RunningServer] = field(default_factory=list)

    def log_text(self) -> str:
        parts = [self.output, *self.logs]
        return "\n".join(p.read_text("utf-8", "replace") for p in parts if p.exists())


def _give_to(user: str, folder: Path) -> None:
    """Let ``user`` use ``folder`` when we are root (ejabberdctl drops to that user)."""
    if os.geteuid() != 0:
        return
    entry = pwd.getpwnam(user)
    for root, dirs, files in os.walk(folder):
        for name in [root, *(os.path.join(root, d) for d in dirs)]:
            os.chown(name, entry.pw_uid, entry.pw_gid)
        for name in files:
            os.chown(os.path.join(root, name), entry.pw_uid, entry.pw_gid)


def _port_accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for_ports(server: RunningServer, timeout: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerStartError(
                f"{server.name} exited with status {server.process.returncode} before "
                f"listening:\n{server.log_text()}"
            )
        if all(_port_accepts(p) for p in server.ports.values()):
            return
        time.sleep(0.2)
    raise ServerStartError(
        f"{server.name} did not listen on {sorted(server.ports.values())} within "
        f"{timeout:g} s:\n{server.log_text()}"
    )


def start_ejabberd(
    config: Path, folder: Path, ports: dict[str, int], dist_port: int
) -> RunningServer:
    spool, logs = folder / "spool", folder / "logs"
    spool.mkdir()
    logs.mkdir()
    ctl_config = folder / "ejabberdctl.cfg"
    ctl_config.write_text(
        f'ERLANG_NODE="live{secrets.token_hex(4)}@localhost"\n'
        f'EJABBERD_PID_PATH="{folder}/ejabberd.pid"\n'
        'INET_DIST_INTERFACE="127.0.0.1"\n'
        'ERL_EPMD_ADDRESS="127.0.0.1"\n'
        f'ERL_DIST_PORT="{dist_port}"\n'
        f'ERL_OPTIONS="-setcookie live{secrets.token_hex(16)}"\n',
        encoding="utf-8",
    )
    os.chmod(folder, 0o755)
    _give_to("ejabberd", folder)
    command = [
        shutil.which("ejabberdctl") or "ejabberdctl",
        "--ctl-config", str(ctl_config),
        "--config", str(config),
        "--spool", str(spool),
        "--logs", str(logs),
        "foreground",
    ]  # fmt: skip
    output = folder / "foreground.out"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            command, stdout=sink, stderr=subprocess.STDOUT, cwd=folder, start_new_session=True
        )
    server = RunningServer(
        "ejabberd", config, folder, ports, process, output, (logs / "ejabberd.log",)
    )
    try:
        wait_for_ports(server)
        server.extra_pids.append(_read_pid(folder / "ejabberd.pid"))
    except BaseException:
        stop(server)
        raise
    return server


def _read_pid(path: Path) -> int:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = path.read_text().strip() if path.exists() else ""
        if text.isdigit():
            return int(text)
        time.sleep(0.1)
    raise ServerStartError(f"{path}: the Erlang VM wrote no PID")


def start_prosody(config: Path, folder: Path, ports: dict[str, int]) -> RunningServer:
    (folder / "data").mkdir()
    output = folder / "foreground.out"
    command = [shutil.which("prosody") or "prosody", "--config", str(config), "-F"]
    with output.open("wb") as sink:
        process = subprocess.Popen(
            command, stdout=sink, stderr=subprocess.STDOUT, cwd=folder, start_new_session=True
        )
    server = RunningServer(
        "prosody", config, folder, ports, process, output, (folder / "prosody.log",)
    )
    try:
        wait_for_ports(server)
    except BaseException:
        stop(server)
        raise
    return server


def stop(server: RunningServer) -> None:
    """Stop the child and its recorded grandchildren, by PID only."""
    for pid in [*server.extra_pids, server.process.pid]:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=5)
    for pid in server.extra_pids:
        _wait_gone(pid)
    for companion in server.companions:
        stop(companion)


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


# ejabberd logs lines like "2024-... [warning] <0.123.0>@module:function/2:111 text",
# though not always with the "<pid>@module" part.
EJABBERD_PROBLEM = re.compile(r"\[(warning|error|critical)\] ")
# The throwaway test certificate is self-signed, and ejabberd says so:
# ejabberd_pkix's "Invalid certificate in ~ts: ~ts" with p1_pkix's reason
# "at line N: self-signed certificate" (pkix:format_error(selfsigned_peer)).
# Recognised by what the line says, not by the log format around it, and
# only that reason: any other complaint about a certificate is a problem.
TEST_CERTIFICATE_WARNING = re.compile(
    r"Invalid certificate in \S+: (?:at line \d+: )?self-signed certificate\s*$"
)


def ejabberd_config_problems(log_text: str) -> list[str]:
    return [
        line.strip()
        for line in log_text.splitlines()
        if EJABBERD_PROBLEM.search(line) and not TEST_CERTIFICATE_WARNING.search(line)
    ]


def prosody_config_check(config: Path) -> tuple[int, str]:
    """``prosodyctl check config``: Prosody's own verdict on option names and placement."""
    command = [shutil.which("prosodyctl") or "prosodyctl", "--config", str(config)]
    done = subprocess.run(
        [*command, "check", "config"], capture_output=True, text=True, timeout=60, check=False
    )
    return done.returncode, done.stdout + done.stderr


# The probe's own <auth mechanism='EXTERNAL'/> sent before TLS on s2s: Prosody
# logs it as unhandled, which is the refusal the probe wants to see.
PROBE_CAUSED = "Unhandled s2sin_unauthed stream element or stanza: auth;"


def prosody_log_problems(log_text: str) -> list[str]:
    # Prosody log lines: "Nov 25 12:26:27 source<TAB>level<TAB>message".
    return [
        line.strip()
        for line in log_text.splitlines()
        if ("\terror\t" in line or "\twarn\t" in line) and PROBE_CAUSED not in line
    ]
