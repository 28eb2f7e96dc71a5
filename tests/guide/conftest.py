"""Fixtures for the guide tests: the guide built once per session, its IM listings."""

from __future__ import annotations

import pytest
from guide_build import GUIDE_SOURCE, BuiltGuide, Listing, parse_listings, sphinx_build


@pytest.fixture(scope="session")
def built_guide(tmp_path_factory: pytest.TempPathFactory) -> BuiltGuide:
    """The guide built to HTML; the session fails if sphinx-build warns or fails."""
    outdir = tmp_path_factory.mktemp("guide") / "html"
    result = sphinx_build(["-b", "html", str(GUIDE_SOURCE), str(outdir)])
    if result.returncode != 0:
        pytest.fail(f"sphinx-build -W failed ({result.returncode}):\n{result.stderr}")
    return BuiltGuide(outdir, result.stderr)


@pytest.fixture(scope="session")
def im_listings(built_guide: BuiltGuide) -> dict[str, Listing]:
    return parse_listings(built_guide.page("im"))
