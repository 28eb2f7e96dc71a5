"""Missing components: a skip that names the Debian package locally, a failure under CI=true.

CI installs every package the tests need (.ci/run), so there a missing one
is a broken setup, not a reason to skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest


def under_ci() -> bool:
    return os.environ.get("CI") == "true"


def skip_or_fail(reason: str) -> NoReturn:
    """Skip with ``reason``; under CI=true fail with it."""
    if under_ci():
        pytest.fail(f"{reason} (CI=true: CI installs it, so this is an error)")
    pytest.skip(reason)


def require_program(program: str, package: str) -> str:
    """The program's path (also from /usr/sbin, where Debian puts server daemons)."""
    found = shutil.which(program) or next(
        (str(p) for p in (Path("/usr/sbin") / program, Path("/usr/bin") / program) if p.exists()),
        None,
    )
    if found is None:
        skip_or_fail(f"{program} not found: install the Debian package '{package}'")
    return found
