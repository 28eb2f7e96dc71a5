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


def _project(make_project, conf_extra: str = "") -> Path:
    return make_project(PAGE, {f"IM/srv/{NAME}": "one\n"}, conf_extra) / "source"


def _caption_links(html: str) -> list[str]:
    return re.findall(r'<a class="reference external configfile-source" href="([^"]*)"', html)


def test_copy_link_leads_to_the_copied_file(make_app, make_project) -> None:
    app = make_app("html", srcdir=_project(make_project))
    app.build()
    (href,) = _caption_links((app.outdir / "index.html").read_text(encoding="utf-8"))
    parts = urlsplit(href)
    assert not parts.fragment and not parts.query, href
    assert (app.outdir / unquote(parts.path)).read_text(encoding="utf-8") == "one\n"


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_base_url_link_encodes_the_name(make_app, make_project, builder: str) -> None:
    source = _project(make_project, 'configfile_base_url = "https://example.org/configs/"\n')
    app = make_app(builder, srcdir=source)
    app.build()
    expected = "https://example.org/configs/IM/srv/tls%20%232%20%3F%C3%A9.conf"
    if builder == "html":
        assert _caption_links((app.outdir / "index.html").read_text(encoding="utf-8")) == [expected]
    else:
        tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
        assert r"\sphinxhref{" + expected.replace("%", r"\%") + "}" in tex
