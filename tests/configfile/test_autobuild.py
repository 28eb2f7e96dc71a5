"""sphinx-autobuild rebuilds on a config edit with the documented ``--watch`` of the configs root.

The guide's configs are outside its source directory, which is all that
sphinx-autobuild watches by default. The README documents the command; this
test runs it on a project laid out like the guide, on 127.0.0.1, edits a
config, and reads the served page until it shows the edit.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from support.skipping import skip_or_fail

CONF = 'extensions = ["sphinx_configfile"]\nconfigfile_root = "../configs"\n'
INDEX = "Live\n====\n\n.. configfile:: /tls.yml\n   :caption: TLS\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (OSError, http.client.HTTPException):  # not up yet, or a page cut off mid-rewrite
        return ""


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in served(url):
            return True
        time.sleep(0.5)
    return False


def env_for_another_directory() -> dict[str, str]:
    """This environment with PYTHONPATH made absolute: the server runs in another directory."""
    env = dict(os.environ)
    if env.get("PYTHONPATH"):
        parts = env["PYTHONPATH"].split(os.pathsep)
        env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(part) for part in parts)
    return env


@pytest.fixture
def guide_layout(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "conf.py").write_text(CONF, encoding="utf-8")
    (tmp_path / "source" / "index.rst").write_text(INDEX, encoding="utf-8")
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "tls.yml").write_text("protocols: first_value\n", encoding="utf-8")
    return tmp_path


def test_autobuild_with_watch_on_the_configs_shows_a_config_edit(guide_layout: Path) -> None:
    try:
        import sphinx_autobuild  # noqa: F401
    except ImportError:
        skip_or_fail("sphinx-autobuild is not installed (pip install sphinx-autobuild)")
    port = free_port()
    # The command the README documents, run from the project root.
    command = [sys.executable, "-m", "sphinx_autobuild", "source", "build/html"]
    command += ["--watch", "configs", "--host", "127.0.0.1", "--port", str(port)]
    # The server's own output, to say why when it never serves the page.
    log = guide_layout / "autobuild.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            command,
            cwd=guide_layout,
            env=env_for_another_directory(),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its rebuilds run in child processes: stop them with it
        )
    url = f"http://127.0.0.1:{port}/index.html"
    try:
        assert wait_for(url, "first_value", 90), f"never served:\n{log.read_text(errors='replace')}"
        config = guide_layout / "configs" / "tls.yml"
        config.write_text("protocols: edited_value\n", encoding="utf-8")
        assert wait_for(url, "edited_value", 90), (
            f"the config edit was never rebuilt:\n{log.read_text(errors='replace')}"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
