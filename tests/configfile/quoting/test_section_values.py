"""configfile-section names a directory under the configs root; anything else is said at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PAGE = """\
Guide
=====

.. configfile:: a.conf
   :lines: 1

.. configfile-section:: ../../etc

.. configfile-section:: IM//srv

.. configfile-section:: ./IM

.. configfile-section:: /IM/srv/

.. configfile:: a.conf
   :lines: 2
"""


@pytest.fixture
def srcdir(make_project) -> Path:
    return make_project(PAGE, {"IM/srv/a.conf": "one\ntwo\n"}) / "source"


def test_odd_section_values_are_located_warnings(make_app, srcdir: Path, listings) -> None:
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app._warning.getvalue())
    page = srcdir / "index.rst"
    assert f"{page}:4: WARNING: configfile: config file not found: " in warnings
    assert "(no configfile-section precedes this quote on its page; add one, or start" in warnings
    assert f"{page}:7: WARNING: configfile-section: '../../etc' has a '..' part" in warnings
    assert f"{page}:9: WARNING: configfile-section: 'IM//srv' has an empty part" in warnings
    assert f"{page}:11: WARNING: configfile-section: './IM' has a '.' part" in warnings
    assert len(re.findall("WARNING", warnings)) == 4, warnings
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert listings(html) == [[(2, "two")]]
