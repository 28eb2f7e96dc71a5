"""A config whose name holds a space, '#' or '?' is linked as a file, not a fragment or query."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

NAME = "tls #2 ?é.conf"
PAGE = f"""\
Guide
=====

.. configfile-section:: IM/srv

.. configfile:: {NAME}
   :caption: Odd name
"""


def _project(tmp_path: Path, conf_extra: str = "") -> Path:
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text(
        'extensions = ["sphinx_configfile"]\nconfigfile_root = "../configs"\n' + conf_extra,
        encoding="utf-8",
    )
    (source / "index.rst").write_text(PAGE, encoding="utf-8")
    (tmp_path / "configs/IM/srv").mkdir(parents=True)
    (tmp_path / "configs/IM/srv" / NAME).write_text("one\n", encoding="utf-8")
    return source


def _caption_links(html: str) -> list[str]:
    return re.findall(r'<a class="reference external configfile-source" href="([^"]*)"', html)


def test_copy_link_leads_to_the_copied_file(make_app, tmp_path: Path) -> None:
    app = make_app("html", srcdir=_project(tmp_path))
    app.build()
    (href,) = _caption_links((app.outdir / "index.html").read_text(encoding="utf-8"))
    parts = urlsplit(href)
    assert not parts.fragment and not parts.query, href
    assert (app.outdir / unquote(parts.path)).read_text(encoding="utf-8") == "one\n"


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_base_url_link_encodes_the_name(make_app, tmp_path: Path, builder: str) -> None:
    source = _project(tmp_path, 'configfile_base_url = "https://example.org/configs/"\n')
    app = make_app(builder, srcdir=source)
    app.build()
    expected = "https://example.org/configs/IM/srv/tls%20%232%20%3F%C3%A9.conf"
    if builder == "html":
        assert _caption_links((app.outdir / "index.html").read_text(encoding="utf-8")) == [expected]
    else:
        tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
        assert r"\sphinxhref{" + expected.replace("%", r"\%") + "}" in tex
