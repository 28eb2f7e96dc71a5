"""``linkcheck`` checks the caption links (``configfile_base_url``, links in the title)."""

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


def _with_caption_link(srcdir: Path, url: str) -> Path:
    index = srcdir / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8")
        + f"\n.. configfile:: /top.yml\n   :caption: As `the server docs <{url}>`__ say\n",
        encoding="utf-8",
    )
    return srcdir


def test_links_in_a_caption_title_are_checked(make_app, rootdir, tmp_path, configs_server) -> None:
    srcdir = tmp_path / "title"
    shutil.copytree(rootdir / "test-configfile", srcdir)
    _with_caption_link(srcdir, configs_server + "no-such-page.html")
    app = make_app("linkcheck", srcdir=srcdir)
    app.build()
    lines = (Path(app.outdir) / "output.json").read_text(encoding="utf-8").splitlines()
    results = {entry["uri"]: entry for entry in map(json.loads, lines)}
    assert results[configs_server + "no-such-page.html"]["status"] == "broken"


@pytest.mark.parametrize(
    ("builder", "pattern"), [("xml", "*.xml"), ("texinfo", "*.texi"), ("man", "*.1")]
)
def test_caption_title_links_stay_links(make_app, rootdir, tmp_path, builder, pattern) -> None:
    url = "https://docs.example.org/tls"
    srcdir = tmp_path / builder
    shutil.copytree(rootdir / "test-configfile", srcdir)
    # man prints a link's URL only with man_show_urls (Sphinx 9 shows them anyway).
    overrides = {"man_show_urls": True}
    app = make_app(builder, srcdir=_with_caption_link(srcdir, url), confoverrides=overrides)
    app.build()
    output = next(Path(app.outdir).rglob(pattern)).read_text(encoding="utf-8")
    # The man writer marks break points in URLs with "\:" (docutils >= 0.21).
    (caption,) = [line for line in output.splitlines() if "the server docs" in line]
    # Each writer's own link form: XML's reference, texinfo's footnote, man's <url>.
    assert url in caption.replace("\\:", ""), caption
