"""sphinx-autobuild rebuilds on a config edit with the documented ``--watch`` of the configs root.

The guide's configs are outside its source directory, which is all that
sphinx-autobuild watches by default. The README documents the command; this
test runs it on a project laid out like the guide, on 127.0.0.1, edits a
config, and reads the served page until it shows the edit.
"""

from __future__ import annotations

import http.client
import os
import time
import urllib.request

from autobuild_server import autobuild_server
from support.skipping import skip_or_fail

INDEX = "Live\n====\n\n.. configfile:: /tls.yml\n   :caption: TLS\n"


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


def test_autobuild_with_watch_on_the_configs_shows_a_config_edit(make_project) -> None:
    try:
        import sphinx_autobuild  # noqa: F401
    except ImportError:
        skip_or_fail("sphinx-autobuild is not installed (pip install sphinx-autobuild)")
    # A project laid out like the guide: the configs beside the source directory.
    guide_layout = make_project(INDEX, {"tls.yml": "protocols: first_value\n"})
    # The command the README documents, run from the project root.
    arguments = ["source", "build/html", "--watch", "configs"]
    # The server's own output, to say why when it never serves the page.
    log = guide_layout / "autobuild.log"
    with (
        log.open("wb") as output,
        autobuild_server(
            arguments, cwd=guide_layout, env=env_for_another_directory(), output=output
        ) as port,
    ):
        url = f"http://127.0.0.1:{port}/index.html"
        assert wait_for(url, "first_value", 90), f"never served:\n{log.read_text(errors='replace')}"
        config = guide_layout / "configs" / "tls.yml"
        config.write_text("protocols: edited_value\n", encoding="utf-8")
        assert wait_for(url, "edited_value", 90), (
            f"the config edit was never rebuilt:\n{log.read_text(errors='replace')}"
        )
