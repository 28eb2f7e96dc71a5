"""Shared test setup: sphinx.testing fixtures, the test projects under tests/roots, and
``make_project``, the one way a test writes a small Sphinx project of its own, and
``build_project``, which builds it with ``python -m sphinx`` as ``make html`` would."""

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Property tests: a bounded number of examples so `make test` stays quick, no
# deadline (the machine is shared), and under CI=true the same examples every
# run (derandomize, no example database) so a red CI is reproducible.
# HYPOTHESIS_PROFILE=thorough runs ten times as many locally.
_UNDER_CI = os.environ.get("CI") == "true"
settings.register_profile(
    "bounded",
    max_examples=25,
    deadline=None,
    derandomize=_UNDER_CI,
    database=None if _UNDER_CI else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", parent=settings.get_profile("bounded"), max_examples=250)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "bounded"))

pytest_plugins = ["sphinx.testing.fixtures"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The benchmarks are tools of the project, not part of the installed packages:
# tests import them from their folder (the bench's smoke test, and the
# autobuild test, which starts sphinx-autobuild as the edit-loop bench does).
sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
# Folders whose tests import the probe (sslyze, and the `cryptography` it brings).
PROBE_EXTRA_FOLDERS = ("live", "probe")
PROBE_EXTRA_MODULES = ("cryptography", "sslyze")


class FolderWithoutItsExtra(pytest.Dir):
    """A test folder that cannot be collected here: one skip that names the missing extra."""

    reason = ""

    def collect(self):
        if _UNDER_CI:
            pytest.fail(f"{self.reason} (CI=true: CI installs it, so this is an error)")
        pytest.skip(self.reason)


def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if path.parent != PROJECT_ROOT / "tests" or path.name not in PROBE_EXTRA_FOLDERS:
        return None
    missing = [m for m in PROBE_EXTRA_MODULES if importlib.util.find_spec(m) is None]
    if not missing:
        return None
    folder = FolderWithoutItsExtra.from_parent(parent, path=path)
    folder.reason = (
        f"tests/{path.name} needs {' and '.join(missing)}: "
        "install the '[probe]' extra (pip install -e '.[probe]')"
    )
    return folder


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


# The conf.py of a project from make_project: the configs beside the source
# directory, as in this guide. Highlighting is off unless a test asks for it
# (conf_extra): most tests read the listing's text, and Pygments is the
# slowest part of a build.
PROJECT_CONF_PY = """\
extensions = ["sphinx_configfile"]
configfile_root = "../configs"
root_doc = "index"
highlight_language = "none"
"""


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """A small project: ``source/`` with conf.py and index.rst, ``configs/`` beside it.

    ``make(page, configs, conf_extra="", pages={})`` returns the project's
    root (``tmp_path``); ``configs`` and ``pages`` map relative paths to text
    or bytes, written as they are. ``conf`` replaces the whole conf.py;
    ``under`` names a folder of ``tmp_path`` for the root, for a test that
    makes several projects.
    """

    def make(
        page: str,
        configs: dict[str, str | bytes],
        conf_extra: str = "",
        *,
        pages: dict[str, str] | None = None,
        conf: str = PROJECT_CONF_PY,
        under: str = "",
    ) -> Path:
        root = tmp_path / under
        source = root / "source"
        source.mkdir(parents=True, exist_ok=True)
        (source / "conf.py").write_text(conf + conf_extra, encoding="utf-8")
        for name, text in {"index.rst": page, **(pages or {})}.items():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_bytes(text.encode("utf-8"))
        for relpath, data in configs.items():
            path = root / "configs" / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return root

    return make


@pytest.fixture(scope="session")
def build_project() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Build a project in its own process, ``python -m sphinx``, as ``make html`` would.

    ``build(root, *options, builder="html", out="build", source="source", **run)``
    runs ``python -m sphinx -b builder -q *options source out`` in ``root``
    (a ``make_project`` root, or any folder with ``source`` relative to it)
    and returns the finished process (a non-zero exit is the test's to
    judge). ``make_mode=True`` runs ``-M builder`` instead, as ``make
    latexpdf`` does. ``run`` goes to ``subprocess.run`` (e.g. ``preexec_fn``).
    Session-wide: it holds no state, and module-scoped fixtures build with it.
    """

    def build(
        root: Path,
        *options: str,
        builder: str = "html",
        out: str | Path = "build",
        source: str | Path = "source",
        make_mode: bool = False,
        timeout: float = 300,
        **run: Any,
    ) -> subprocess.CompletedProcess[str]:
        if make_mode:
            arguments = ["-M", builder, str(source), str(out), "-q", *options]
        else:
            arguments = ["-b", builder, "-q", *options, str(source), str(out)]
        return subprocess.run(
            [sys.executable, "-m", "sphinx", *arguments],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **run,
        )

    return build
