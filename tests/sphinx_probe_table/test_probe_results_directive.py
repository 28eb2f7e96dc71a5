"""The ``manifesto-probe-results`` directive, built by the real sphinx-build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
COMMITTED_RESULTS = PROJECT_ROOT / "source" / "_data" / "probe-results.json"

INDEX = """\
Probe results
=============

.. manifesto-probe-results:: _data/probe-results.json
"""


def build(srcdir: Path, builder: str = "html") -> subprocess.CompletedProcess[str]:
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_manifesto"]\nproject = "t"\n', encoding="utf-8"
    )
    (srcdir / "index.rst").write_text(INDEX, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-W", "-q", "-E", str(srcdir)]
        + [str(srcdir / "_build" / builder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_committed_results_render_as_a_table_row_per_server_and_connection(tmp_path: Path) -> None:
    (tmp_path / "_data").mkdir()
    shutil.copyfile(COMMITTED_RESULTS, tmp_path / "_data" / "probe-results.json")
    done = build(tmp_path)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert 'class="manifesto-probe-results' in html
    for server in ("ejabberd 23.01", "Prosody 0.12"):
        assert html.count(f"<p>{server}</p>") == 2, server  # c2s and s2s rows
    assert "<p>TLSv1.2, TLSv1.3</p>" in html
    assert "DH 2048 bits" in html


def test_committed_results_render_in_latex(tmp_path: Path) -> None:
    (tmp_path / "_data").mkdir()
    shutil.copyfile(COMMITTED_RESULTS, tmp_path / "_data" / "probe-results.json")
    done = build(tmp_path, "latex")
    assert done.returncode == 0, done.stderr
    tex = next((tmp_path / "_build" / "latex").glob("*.tex")).read_text(encoding="utf-8")
    assert "Prosody 0.12" in tex and "Ephemeral key exchange" in tex


def test_committed_results_render_as_a_readable_text_table(tmp_path: Path) -> None:
    (tmp_path / "_data").mkdir()
    shutil.copyfile(COMMITTED_RESULTS, tmp_path / "_data" / "probe-results.json")
    done = build(tmp_path, "text")
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "_build" / "text" / "index.txt").read_text(encoding="utf-8")
    # Columns wide enough that values are not broken character by character.
    assert "ejabberd 23.01" in text and "TLSv1.2, TLSv1.3" in text


def test_missing_results_file_is_a_located_warning(tmp_path: Path) -> None:
    done = build(tmp_path)
    assert done.returncode != 0
    assert "index.rst:4" in done.stderr
    assert "_data/probe-results.json: cannot read probe results" in done.stderr
    assert "Traceback" not in done.stderr


def test_malformed_results_file_is_a_located_warning(tmp_path: Path) -> None:
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data" / "probe-results.json").write_text('{"servers": {"x": {}}}')
    done = build(tmp_path)
    assert done.returncode != 0
    assert "index.rst:4" in done.stderr
    assert "not a probe results file (missing or malformed field 'endpoints'" in done.stderr
