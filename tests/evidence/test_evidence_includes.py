"""Verdicts follow the files a config includes, in a rebuild as in a fresh build."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

CONFIG = Path("configs/IM/ejabberd/23.01/ejabberd.yml")


def split_listeners_into_ports_yml(rootdir: Path, target: Path) -> Path:
    """The evidence project with ejabberd's listeners moved to an included ports.yml."""
    shutil.copytree(rootdir / "test-evidence", target)
    config = target / CONFIG
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("listen:\n")
    (config.parent / "ports.yml").write_text("".join(lines[start:]), encoding="utf-8")
    config.write_text("".join(lines[:start]) + "include_config_file: ports.yml\n", "utf-8")
    return target


def verdict_line(app) -> str:
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    start = page.index('id="ejabberd-ciphers"')
    html = re.search(r'<p class="configfile-verdict">(.*?)</p>', page[start:]).group(1)
    return re.sub(r"<[^>]+>", "", html)


def test_editing_an_included_file_rereads_the_page_and_changes_the_verdict(
    make_app, rootdir, tmp_path
) -> None:
    srcdir = split_listeners_into_ports_yml(rootdir, tmp_path / "guide")
    first = make_app("html", srcdir=srcdir)
    first.build()
    assert first._warning.getvalue() == ""
    assert re.search(r"MF001[^·]* pass", verdict_line(first))

    ports = srcdir / CONFIG.parent / "ports.yml"
    weakened = ports.read_text(encoding="utf-8").replace(
        "starttls_required: true", "starttls_required: false", 1
    )
    assert weakened != ports.read_text(encoding="utf-8")
    ports.write_text(weakened, encoding="utf-8")
    later = time.time() + 2  # newer than the first build's reads, whatever the clock grain
    os.utime(ports, (later, later))

    second = make_app("html", srcdir=srcdir)
    second.build()
    line = verdict_line(second)
    assert re.search(r"MF001[^·]* fail", line), line
