"""Shared test setup: sphinx.testing fixtures and the test projects under tests/roots."""

from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT
