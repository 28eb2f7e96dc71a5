"""The static side of the web matrix: ``manifesto check --format json`` on every tree at once.

The families that read nginx and Apache configs are separate folders
under ``servers/``; a server whose family the checker does not have yet
gets no static verdicts (the matrix then shows what the server did, and
says the static side is missing). The installed version of each server
is passed with ``--server-version``, so the defaults judged are Debian's.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tls_manifesto.servers.registry import FAMILIES
from tls_manifesto.verdicts import Status, Verdict

from live.web.web_server_process import apache_program, nginx_program

# How each server's family is recognised among FAMILIES (its name or its servers'),
# and how the installed binary states its version.
FAMILY_NAMES = {"nginx": ("nginx",), "apache": ("apache", "httpd")}
VERSION_COMMAND = {"nginx": (nginx_program, r"nginx/([0-9.]+)"),
                   "apache": (apache_program, r"Apache/([0-9.]+)")}  # fmt: skip


def checker_servers(server: str) -> tuple[str, ...]:
    """The ``--server-version`` names of ``server``'s family; empty when the checker has none."""
    words = FAMILY_NAMES[server]
    return tuple(
        name
        for family in FAMILIES
        if any(w in family.name.lower() for w in words)
        for name in family.servers
    )


def installed_version(server: str) -> str:
    program, pattern = VERSION_COMMAND[server]
    done = subprocess.run([program(), "-v"], capture_output=True, text=True, check=False)
    found = re.search(pattern, done.stdout + done.stderr)
    if found is None:
        raise AssertionError(f"{server} -v gave no version: {done.stdout}{done.stderr}")
    return found.group(1)


def static_verdicts(
    paths_by_server: dict[str, list[Path]], installed: bool = True
) -> dict[Path, dict[str, Verdict]]:
    """Verdicts by path and rule for the servers the checker reads; other paths get none.

    ``installed``: judged as the installed version; else as the version the checker
    reads from each path (a reference config's ``<server>/<version>/`` folder).
    """
    paths, versions = [], []
    for server, server_paths in paths_by_server.items():
        names = checker_servers(server)
        if names:
            paths += server_paths
            version = installed_version(server)
            if installed:
                versions += [a for n in names for a in ("--server-version", f"{n}={version}")]
    found: dict[Path, dict[str, Verdict]] = {p: {} for ps in paths_by_server.values() for p in ps}
    if not paths:
        return found
    done = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", "--format", "json",
         *versions, *map(str, paths)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if "Traceback" in done.stderr or not done.stdout:
        raise AssertionError(f"manifesto check failed:\n{done.stderr}")
    for v in json.loads(done.stdout)["verdicts"]:
        verdict = Verdict(v["rule"], v["path"], Status(v["status"]), v["summary"])
        found.setdefault(Path(v["path"]), {})[v["rule"]] = verdict
    return found
