"""Start Debian's nginx or apache2 in the foreground on a config in a temp folder; stop it by PID.

Both run as root (they bind, read the key and write their pid and logs,
then their workers drop to ``www-data``), with every path they write
inside the folder:

- nginx: ``nginx -p FOLDER -c CONF -e FOLDER/error.log -g 'daemon off; ...'``.
  ``-e`` takes the error log nginx opens before it reads the config
  (nginx 1.19.5, https://nginx.org/en/docs/switches.html); ``-g`` adds
  ``pid`` and ``error_log`` for a config that sets neither (``-g`` may not
  repeat what the config sets: "directive is duplicate"). Debian's
  compiled-in temp paths (``/var/lib/nginx/...``, ``nginx -V``) are moved
  by the config adaptation, which must set them.
- apache2: ``apache2 -d SERVERROOT -f CONF -DFOREGROUND``, with Debian's
  ``APACHE_*`` variables (``/etc/apache2/envvars``) in the environment,
  and ``-c`` directives processed after the config
  (https://httpd.apache.org/docs/2.4/programs/httpd.html) for the pid
  file, runtime dir, mutexes and error log, whatever the config says.

The master's PID is the child's (no daemon), so stopping it by that PID
stops its workers too.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from support.skipping import require_program

from live.server_process import RunningServer, stop, wait_for_ports

# The main-context directives nginx refuses twice; each given with -g only if the config lacks it.
NGINX_MAIN = {"pid": "nginx.pid", "error_log": "error.log"}
WORKER_USER = "www-data"  # Debian's user for both servers (nginx.conf, apache2 envvars)


def nginx_program() -> str:
    return require_program("nginx", "nginx")


def apache_program() -> str:
    return require_program("apache2", "apache2")


def start_nginx(config: Path, folder: Path, ports: dict[str, int]) -> RunningServer:
    text = config.read_text(encoding="utf-8")
    globals_ = ["daemon off;"] + [
        f"{name} {folder / file};"
        for name, file in NGINX_MAIN.items()
        if not re.search(rf"^\s*{name}\s", text, flags=re.MULTILINE)
    ]
    command = [
        nginx_program(), "-p", f"{folder}/", "-c", str(config),
        "-e", str(folder / "error.log"), "-g", " ".join(globals_),
    ]  # fmt: skip
    return _start("nginx", command, config, folder, ports, None, (folder / "error.log",))


def apache_environment(folder: Path) -> dict[str, str]:
    """Debian's envvars, pointed into ``folder``; the directories they name are made here."""
    paths = {"APACHE_RUN_DIR": "run", "APACHE_LOCK_DIR": "lock", "APACHE_LOG_DIR": "log"}
    env = {name: str(folder / sub) for name, sub in paths.items()}
    for directory in env.values():
        Path(directory).mkdir(exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
        "LANG": "C",
        "APACHE_RUN_USER": WORKER_USER,
        "APACHE_RUN_GROUP": WORKER_USER,
        "APACHE_PID_FILE": str(folder / "run" / "apache2.pid"),
        **env,
    }


def start_apache(
    config: Path, server_root: Path, folder: Path, ports: dict[str, int]
) -> RunningServer:
    env = apache_environment(folder)
    after_config = (
        f"PidFile {env['APACHE_PID_FILE']}",
        f"DefaultRuntimeDir {env['APACHE_RUN_DIR']}",
        f"Mutex file:{env['APACHE_LOCK_DIR']} default",
        f"ErrorLog {env['APACHE_LOG_DIR']}/error.log",
    )
    command = [apache_program(), "-d", str(server_root), "-f", str(config), "-DFOREGROUND"]
    for directive in after_config:
        command += ["-c", directive]
    logs = (Path(env["APACHE_LOG_DIR"]) / "error.log",)
    return _start("apache2", command, config, folder, ports, env, logs)


def _start(
    name: str,
    command: list[str],
    config: Path,
    folder: Path,
    ports: dict[str, int],
    env: dict[str, str] | None,
    logs: tuple[Path, ...],
) -> RunningServer:
    output = folder / "foreground.out"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            command,
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=folder,
            env=env,
            start_new_session=True,
        )
    server = RunningServer(name, config, folder, ports, process, output, logs)
    try:
        wait_for_ports(server, timeout=30)
    except BaseException:
        stop(server)
        raise
    return server
