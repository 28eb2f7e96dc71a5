"""Start Debian's Postfix and Dovecot on a rendered config in a temporary folder; stop them by PID.

Postfix: ``postfix -c DIR start-fg`` with its own config_directory. As
root, not PID 1, ``postfix-script`` runs ``master -s`` as its child and
stays in the foreground (postfix-script, 3.7: start-fg); the master writes
its PID to ``$queue_directory/pid/master.pid``, and SIGTERM to that PID
stops it and its daemons (master(8): "SIGTERM ... terminates all
processes"). Its queue, data, logs and mailboxes are in the folder; every
non-local transport is ``error:`` (mail_deployment.py). A Dovecot that
only runs ``auth`` serves SASL on ``$queue_directory/private/auth``.

Dovecot: ``dovecot -F -c FILE`` stays in the foreground; its base_dir,
state_dir and log are in the folder (mail_deployment.py).
"""

from __future__ import annotations

import os
import pwd
import subprocess
import time
from pathlib import Path

from support.skipping import require_program

from live.mail.mail_deployment import static_test_user
from live.server_process import RunningServer, ServerStartError, stop, wait_for_ports

POSTFIX_PACKAGE, DOVECOT_PACKAGE = "postfix", "dovecot-imapd dovecot-pop3d"


def _own(path: Path, user: str, mode: int) -> None:
    entry = pwd.getpwnam(user)
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, entry.pw_uid, entry.pw_gid)
    os.chmod(path, mode)


def _popen(command: list[str], folder: Path, output: Path) -> subprocess.Popen[bytes]:
    with output.open("wb") as sink:
        return subprocess.Popen(
            command, stdout=sink, stderr=subprocess.STDOUT, cwd=folder, start_new_session=True
        )


def start_postfix(config_dir: Path, folder: Path, ports: dict[str, int]) -> RunningServer:
    """Postfix on ``config_dir`` (adapted main.cf, master.cf), a SASL-only Dovecot beside it."""
    postfix = require_program("postfix", POSTFIX_PACKAGE)
    (folder / "queue").mkdir(exist_ok=True)
    _own(folder / "data", "postfix", 0o700)
    _own(folder / "queue" / "private", "postfix", 0o700)
    (folder / "mail").mkdir(exist_ok=True)
    os.chmod(folder / "mail", 0o1777)
    sasl = start_sasl_dovecot(folder)
    output = folder / "postfix.out"
    process = _popen([postfix, "-c", str(config_dir), "start-fg"], folder, output)
    server = RunningServer("postfix", config_dir / "main.cf", folder, ports, process, output,
                           (folder / "maillog", *sasl.logs))  # fmt: skip
    server.companions.append(sasl)
    try:
        server.extra_pids.append(_master_pid(server, folder / "queue" / "pid" / "master.pid"))
        wait_for_ports(server, timeout=30)
    except BaseException:
        stop(server)
        raise
    return server


def start_sasl_dovecot(folder: Path) -> RunningServer:
    """A Dovecot that serves only SASL to Postfix: no IMAP, no POP3, no TLS of its own."""
    base = folder / "sasl"
    base.mkdir()
    config = base / "dovecot.conf"
    config.write_text(
        f"base_dir = {base}/run/\nstate_dir = {base}/state\nlog_path = {base}/dovecot.log\n"
        "protocols =\nssl = no\nauth_mechanisms = plain login\n"
        # Postfix decides when AUTH is offered (smtpd_tls_auth_only); Dovecot must not
        # refuse it on its own: its socket from Postfix is not a TLS connection.
        "disable_plaintext_auth = no\n"
        + static_test_user(base)
        + f"service auth {{\n  unix_listener {folder}/queue/private/auth {{\n"
        "    mode = 0660\n    user = postfix\n    group = postfix\n  }\n}\n",
        encoding="utf-8",
    )
    return start_dovecot(config, base, {}, socket=folder / "queue" / "private" / "auth")


def start_dovecot(
    config: Path, folder: Path, ports: dict[str, int], socket: Path | None = None
) -> RunningServer:
    dovecot = require_program("dovecot", DOVECOT_PACKAGE)
    output = folder / "dovecot.out"
    process = _popen([dovecot, "-F", "-c", str(config)], folder, output)
    server = RunningServer("dovecot", config, folder, ports, process, output,
                           (folder / "dovecot.log",))  # fmt: skip
    try:
        if socket is not None:
            _wait_for_file(server, socket)
        else:
            wait_for_ports(server, timeout=30)
    except BaseException:
        stop(server)
        raise
    return server


def _wait_for_file(server: RunningServer, path: Path, timeout: float = 30) -> str:
    """The file's text once it exists (and, for a PID file, holds a number)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and (path.is_socket() or path.read_text().strip().isdigit()):
            return "" if path.is_socket() else path.read_text().strip()
        if server.process.poll() is not None:
            break
        time.sleep(0.1)
    raise ServerStartError(f"{server.name} did not create {path}:\n{server.log_text()}")


def _master_pid(server: RunningServer, path: Path) -> int:
    return int(_wait_for_file(server, path))
