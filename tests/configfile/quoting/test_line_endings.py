"""Configs with any line ending are numbered as an editor numbers them, in every output."""

from __future__ import annotations

from pathlib import Path

import pytest

PAGE = """\
Guide
=====

.. configfile-section:: IM

srv
---

.. configfile:: cr.yml
   :lines: 2-3

.. configfile:: mixed.yml
   :lines: 2,4

.. configfile:: crlf.yml
   :lines: 3

.. configfile:: unterminated.yml
   :lines: 3

.. configfile:: /IM/ejabberd/ejabberd.yml
   :keys: s2s_use_starttls
"""

CONFIGS = {
    "cr.yml": b"a: 1\rb: 2\rc: 3\r",
    "mixed.yml": b"a: 1\rb: 2\r\nc: 3\nd: 4",
    "crlf.yml": b"a: 1\r\nb: 2\r\nc: 3\r\n",
    "unterminated.yml": b"a: 1\nb: 2\nc: 3",
    "../ejabberd/ejabberd.yml": b'hosts:\r  - "example.org"\r# s2s\rs2s_use_starttls: required\r',
}


@pytest.fixture
def srcdir(make_project) -> Path:
    configs = {f"IM/srv/{name}": data for name, data in CONFIGS.items()}
    # sphinx_manifesto answers :keys:; its evidence marks are not what this tests.
    manifesto = 'extensions.append("sphinx_manifesto")\nconfigfile_evidence = False\n'
    return make_project(PAGE, configs, manifesto) / "source"


def test_cr_crlf_and_mixed_line_endings_number_lines_as_an_editor(
    make_app, srcdir: Path, listings
) -> None:
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert "WARNING" not in app._warning.getvalue(), app._warning.getvalue()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert listings(page) == [
        [(2, "b: 2"), (3, "c: 3")],
        [(2, "b: 2"), (None, "⋮ line 3 omitted"), (4, "d: 4")],
        [(3, "c: 3")],
        [(3, "c: 3")],
        [(3, "# s2s"), (4, "s2s_use_starttls: required")],
    ]


def test_text_builder_prints_cr_only_lines_one_per_number(make_app, srcdir: Path) -> None:
    app = make_app("text", srcdir=srcdir)
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "2  b: 2\n" in text and "3  c: 3\n" in text
    assert "\r" not in text
