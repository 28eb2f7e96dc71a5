"""The guide built with another HTML theme and sphinx-copybutton, plus a page with emphasized lines.

The guide's sources are copied and its conf.py extended at the end (theme,
copybutton, the configs root as an absolute path); the copy gets one more
page, ``emphasized.rst``, whose listing has emphasized lines, a gap and
evidence marks, which the guide itself never combines. Each build is a real
``sphinx-build -W`` subprocess.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from guide_build import CONFIGS_ROOT, GUIDE_SOURCE, sphinx_build
from support.skipping import skip_or_fail

# html_theme -> the PyPI package that provides it (alabaster comes with Sphinx).
THEMES = {
    "alabaster": "alabaster",
    "furo": "furo",
    "sphinx_rtd_theme": "sphinx-rtd-theme",
    "pydata_sphinx_theme": "pydata-sphinx-theme",
    "sphinx_book_theme": "sphinx-book-theme",
}

EMPHASIZED_LISTING = "ejabberd-emphasized"
# Lines 20-24 and 27-40 of IM/ejabberd/23.01/ejabberd.yml: a gap, marks on 29
# and 30, and emphasized lines with and without marks.
EMPHASIZED_LINES = (22, 29, 33)
EMPHASIZED_PAGE = f"""\
:orphan:

Emphasized lines
================

.. configfile-section:: IM/ejabberd

.. configfile:: 23.01/ejabberd.yml
   :lines: 20-24,27-40
   :emphasize-lines: {",".join(map(str, EMPHASIZED_LINES))}
   :caption: TLS settings with emphasized lines
   :name: {EMPHASIZED_LISTING}
"""


def _require_module(module: str, package: str) -> None:
    if importlib.util.find_spec(module) is None:
        skip_or_fail(f"needs the Python package {package} (pip install {package})")


def build_guide_with_theme(theme: str, workdir: Path) -> Path:
    """The output directory of the guide built with ``theme`` and sphinx-copybutton."""
    _require_module(theme, THEMES[theme])
    _require_module("sphinx_copybutton", "sphinx-copybutton")
    source = workdir / "source"
    shutil.copytree(GUIDE_SOURCE, source)
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            f"\nhtml_theme = {theme!r}\n"
            'extensions.append("sphinx_copybutton")\n'
            f"configfile_root = {str(CONFIGS_ROOT)!r}\n"
            # The extra page's quote is not in the guide's lock.
            "configfile_lock_check = False\n"
        )
    (source / "emphasized.rst").write_text(EMPHASIZED_PAGE, encoding="utf-8")
    outdir = workdir / "html"
    result = sphinx_build(["-b", "html", str(source), str(outdir)])
    if result.returncode != 0:
        raise AssertionError(
            f"sphinx-build with {theme} failed ({result.returncode}):\n{result.stderr}"
        )
    return outdir
