"""Smoke test of ``benchmarks/quoting.py`` at a tiny size: fields and listing counts.

Timings are not asserted: this proves the generator and the three builds work, not speed.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "quoting.py"
TINY = ["--pages", "4", "--quotes", "20", "--configs", "2", "--config-lines", "100"]


def run_bench(out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(BENCH), "--out", str(out), *TINY, *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def tiny_results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench") / "out"
    done = run_bench(out)
    assert done.returncode == 0, done.stderr
    assert "quoting overhead ratio" in done.stdout
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def test_three_builds_render_the_expected_number_of_listings(tiny_results: dict) -> None:
    builds = tiny_results["builds"]
    assert builds["floor"]["listings"] == 0
    assert builds["literalinclude"]["listings"] == 20
    assert builds["configfile"]["listings"] == 20
    for build in builds.values():
        assert len(build["runs"]) == 1
        assert build["best"] > 0


def test_results_record_overhead_parallel_and_incremental_figures(tiny_results: dict) -> None:
    assert tiny_results["size"]["quotes"] == 20
    overhead = tiny_results["overhead"]
    assert overhead["target"] == 0.5
    assert isinstance(overhead["target_met"], bool)
    assert set(overhead) >= {"ratio", "literalinclude_seconds", "configfile_seconds"}
    assert tiny_results["parallel"]["j2_seconds"] > 0
    assert tiny_results["parallel"]["j1_seconds"] > 0


def test_touching_one_config_rereads_exactly_the_pages_quoting_it(tiny_results: dict) -> None:
    incremental = tiny_results["incremental"]
    assert incremental["config"].startswith("bench/config-")
    assert incremental["expected_pages"], "the touched config is quoted somewhere"
    assert incremental["reread_pages"] == incremental["expected_pages"]
    assert incremental["exact"] is True


def test_refuses_to_overwrite_a_directory_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("user content\n", encoding="utf-8")
    done = run_bench(tmp_path)
    assert done.returncode != 0
    assert "was not made by this benchmark" in done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "user content\n"


def test_generated_guide_is_the_same_for_a_seed_and_quotes_stay_inside_the_files() -> None:
    from quoting import BenchSize, config_text, make_plan

    size = BenchSize(pages=7, quotes=60, configs=3, config_lines=40, max_quote_lines=20, seed=5)
    plan = make_plan(size)
    assert plan == make_plan(size)
    assert plan != make_plan(BenchSize(**{**size.__dict__, "seed": 6}))
    quotes = [quote for page in plan.pages for quote in page.quotes]
    assert len(quotes) == 60
    assert all(1 <= q.first <= q.last <= 40 and q.last - q.first < 20 for q in quotes)
    assert config_text(0, 40, 5).count("\n") == 40
