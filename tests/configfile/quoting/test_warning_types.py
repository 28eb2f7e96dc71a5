"""Every warning of the extension is typed ``configfile.<subtype>`` and located.

``suppress_warnings`` selects warnings by type; one typed ``docutils`` (what
``reporter.warning`` gives) cannot be selected without silencing every reST
error of the project.
"""

from __future__ import annotations

import re
from pathlib import Path

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def _warnings(app) -> str:
    return ANSI_COLOUR.sub("", app._warning.getvalue())


def _small_project(make_project, index: str) -> Path:
    return make_project(index, {"a.yml": "one: 1\ntwo: 2\nthree: 3\n"}) / "source"


def test_quote_errors_are_suppressed_by_their_type(make_app, errors_srcdir: Path) -> None:
    loud = make_app("html", srcdir=errors_srcdir)
    loud.build()
    assert "WARNING: configfile: range 12-10 is reversed" in _warnings(loud)
    quiet = make_app(
        "html", srcdir=errors_srcdir, confoverrides={"suppress_warnings": ["configfile.quote"]}
    )
    quiet.build()
    assert "WARNING: configfile: " not in _warnings(quiet), _warnings(quiet)


def test_section_error_is_typed_configfile_section(make_app, make_project) -> None:
    index = "Title\n=====\n\n.. configfile-section:: ../up\n\n.. configfile:: a.yml\n"
    srcdir = _small_project(make_project, index)
    loud = make_app("html", srcdir=srcdir)
    loud.build()
    assert f"{srcdir / 'index.rst'}:4: WARNING: configfile-section:" in _warnings(loud)
    quiet = make_app(
        "html", srcdir=srcdir, confoverrides={"suppress_warnings": ["configfile.section"]}
    )
    quiet.build()
    assert "WARNING: configfile-section" not in _warnings(quiet), _warnings(quiet)


def test_broken_lock_is_a_warning_at_its_line(make_app, make_project) -> None:
    srcdir = _small_project(make_project, "Title\n=====\n\n.. configfile:: a.yml\n")
    lock = srcdir / "configfiles.lock"
    lock.write_text('{\n  "format": 1,\n  "quotes": {,\n}\n', encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    located = [w for w in _warnings(app).splitlines() if "not valid JSON" in w]
    assert located, _warnings(app)
    assert located[0].startswith(f"{lock}:3: WARNING: not valid JSON"), located[0]
    quiet = make_app("html", srcdir=srcdir, confoverrides={"suppress_warnings": ["configfile"]})
    quiet.build()
    assert "not valid JSON" not in _warnings(quiet)


def test_setup_declares_an_env_version(make_app, make_project) -> None:
    # Sphinx throws a pickled environment away when an extension's env_version
    # changes, so records of an older shape are never read back.
    srcdir = _small_project(make_project, "Title\n=====\n\n.. configfile:: a.yml\n")
    extensions = ["sphinx_configfile", "sphinx_manifesto"]
    app = make_app("html", srcdir=srcdir, confoverrides={"extensions": extensions})
    for extension in extensions:
        assert isinstance(app.env.version.get(extension), int), app.env.version
