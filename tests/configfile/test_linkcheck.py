"""``linkcheck`` checks the caption links that ``configfile_base_url`` makes."""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def configs_server(rootdir: Path) -> Iterator[str]:
    """The test root's configs over HTTP on 127.0.0.1; yields the base URL."""
    directory = rootdir / "test-configfile" / "configs"
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def linkcheck(make_app, srcdir: Path, base_url: str) -> dict[str, dict]:
    app = make_app("linkcheck", srcdir=srcdir, confoverrides={"configfile_base_url": base_url})
    app.build()
    lines = (Path(app.outdir) / "output.json").read_text(encoding="utf-8").splitlines()
    return {entry["uri"]: entry for entry in map(json.loads, lines)}


def test_caption_links_are_checked(make_app, rootdir, tmp_path, configs_server) -> None:
    srcdir = tmp_path / "ok"
    shutil.copytree(rootdir / "test-configfile", srcdir)
    results = linkcheck(make_app, srcdir, configs_server)
    expected = configs_server + "IM/ejabberd/14.12/ejabberd.yml"
    assert results[expected]["status"] == "working"
    assert results[configs_server + "top.yml"]["status"] == "working"


def test_a_dead_base_url_is_reported(make_app, rootdir, tmp_path, configs_server) -> None:
    srcdir = tmp_path / "dead"
    shutil.copytree(rootdir / "test-configfile", srcdir)
    dead = configs_server + "moved-away/"
    results = linkcheck(make_app, srcdir, dead)
    entry = results[dead + "IM/ejabberd/14.12/ejabberd.yml"]
    assert entry["status"] == "broken"
    assert "404" in entry["info"]
    assert entry["filename"] == "index.rst"
