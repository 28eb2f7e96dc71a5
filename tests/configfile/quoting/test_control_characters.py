"""Control characters no config holds as text are a located warning, not a broken PDF build."""

from __future__ import annotations

import re

import pytest

PAGE = """\
Guide
=====

.. configfile-section:: IM/srv

.. configfile:: vt.conf

.. configfile:: esc.conf

.. configfile:: nul.conf

.. configfile:: ff.conf
"""

CONFIGS = {
    # pdflatex stopped at U+000B: "Unicode character not set up for use with LaTeX".
    "vt.conf": b"a: 1\r\nb: 2\x0b\r\n",
    "esc.conf": b"a: 1\rb: 2\rprompt: \x1b[1m\r",
    "nul.conf": b"a: 1\rb\x00\r",
    # Tabs and form feeds are text: quoted as they are.
    "ff.conf": b"a: 1\n\x0cb: 2\n\tc: 3\n",
}


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_control_characters_are_warned_at_their_line(make_app, make_project, builder: str):
    root = make_project(PAGE, {f"IM/srv/{name}": data for name, data in CONFIGS.items()})
    source, configs = root / "source", root / "configs/IM/srv"
    app = make_app(builder, srcdir=source)
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app._warning.getvalue())
    page = source / "index.rst"
    assert (
        f"{page}:6: WARNING: configfile: {configs}/vt.conf:2: control character U+000B is not "
        "text; remove it or quote text configs only"
    ) in warnings
    assert f"{page}:8: WARNING: configfile: {configs}/esc.conf:3: control character U+001B" in (
        warnings
    )
    assert f"{page}:10: WARNING: configfile: {configs}/nul.conf:2: binary file (NUL byte)" in (
        warnings
    )
    assert warnings.count("WARNING") == 3, warnings
    if builder == "latex":
        tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
        assert "\x0b" not in tex and "\x1b" not in tex
        assert "\x0cb: 2\n\tc: 3\n" in tex
