"""The ``manifesto-rules`` directive renders every rule the checker runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tls_manifesto.rules import ALL_RULES


def test_appendix_lists_every_rule_with_its_sources(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["sphinx_manifesto"]\n')
    (source / "index.rst").write_text("Rules\n=====\n\n.. manifesto-rules::\n")
    out = tmp_path / "html"
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", str(source), str(out)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    html = (out / "index.html").read_text()
    for rule in ALL_RULES:
        assert f'id="manifesto-rule-{rule.id.lower()}"' in html
        assert f"{rule.id}: " in html  # the section title
        for source_ref in rule.sources:
            assert source_ref.url in html
