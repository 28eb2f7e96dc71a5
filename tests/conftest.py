"""Shared test setup: sphinx.testing fixtures and the test projects under tests/roots."""

import importlib.util
import os
from pathlib import Path

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
