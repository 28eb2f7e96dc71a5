"""The guide builds with -W in the builders that render tables the least: man and texinfo."""

from __future__ import annotations

from pathlib import Path

import pytest
from guide_build import GUIDE_SOURCE, sphinx_build


@pytest.mark.parametrize("builder", ["man", "texinfo"])
def test_guide_builds_without_warnings(builder: str, tmp_path: Path) -> None:
    # The compliance table once spanned a config's cell over its rules' rows,
    # which these writers refuse ("table row spanning not supported").
    result = sphinx_build(["-b", builder, str(GUIDE_SOURCE), str(tmp_path)])
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    suffix = {"man": ".1", "texinfo": ".texi"}[builder]
    (output,) = tmp_path.glob(f"*{suffix}")
    text = output.read_text(encoding="utf-8")
    # The table made it: its header and a config's first row with its path.
    assert "Evidence lines" in text
    assert "IM/Charybdis/ircd.conf" in text
