"""Smoke test of ``benchmarks/quoting.py`` at a tiny size: fields and listing counts.

Timings are not asserted: this proves the generator and the three builds work, not speed.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.skipping import require_program, skip_or_fail

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "quoting.py"
TINY = ["--pages", "4", "--quotes", "20", "--configs", "2", "--config-lines", "100"]
TINY += ["--guide", "none"]  # the guide's own builds are timed by the test below, on a tiny guide


def run_bench(out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(BENCH), "--out", str(out), *TINY, *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One run of the whole benchmark at a tiny size, with a 2x guide: (out dir, stdout)."""
    out = tmp_path_factory.mktemp("bench") / "out"
    done = run_bench(out, "--scale", "2")
    assert done.returncode == 0, done.stderr
    assert "quoting overhead ratio" in done.stdout
    return out, done.stdout


@pytest.fixture(scope="module")
def tiny_results(tiny_run: tuple[Path, str]) -> dict:
    return json.loads((tiny_run[0] / "results.json").read_text(encoding="utf-8"))


def test_every_build_renders_the_expected_number_of_listings(tiny_results: dict) -> None:
    builds = tiny_results["builds"]
    for mode in ("on", "off"):
        assert builds[f"floor-search-{mode}"]["listings"] == 0
        assert builds[f"directive-floor-search-{mode}"]["listings"] == 0
        assert builds[f"literalinclude-search-{mode}"]["listings"] == 20
        assert builds[f"configfile-search-{mode}"]["listings"] == 20
    for build in builds.values():
        assert len(build["runs"]) == 1
        assert build["best"] > 0
        assert build["peak_rss_mib"][0] > 10  # a Sphinx process, measured per build


def test_results_record_overhead_with_and_without_the_search_index(tiny_results: dict) -> None:
    assert tiny_results["size"]["quotes"] == 20
    overhead = tiny_results["overhead"]
    assert overhead["on"]["cpu"]["target"] == 0.35
    assert overhead["off"]["cpu"]["target"] == 0.2
    for mode in ("on", "off"):
        for clock in ("wall", "cpu"):
            assert set(overhead[mode][clock]) >= {"ratio", "literalinclude_seconds", "target_met"}
        assert "attainable_cpu" in overhead[mode]
    assert tiny_results["lexing_floor_cpu_seconds"] > 0
    assert tiny_results["whole_config_lexing_cpu_seconds"] > 0
    for mode in ("on", "off"):
        less = overhead[mode]["above_directive_floor_less_lexing_cpu"]
        above = overhead[mode]["above_directive_floor_cpu"]["ratio"]
        assert less is None or above is None or less < above
    assert tiny_results["parallel"]["j2_seconds"] > 0
    assert len(tiny_results["parallel"]["load_average_before"]) == 1
    assert tiny_results["parallel"]["j1_seconds"] > 0


def test_search_off_builds_write_no_search_index(tiny_run: tuple[Path, str]) -> None:
    out = tiny_run[0]
    assert (out / "html" / "configfile-search-on" / "searchindex.js").exists()
    assert not (out / "html" / "configfile-search-off" / "searchindex.js").exists()


def test_touching_one_config_or_page_rereads_exactly_what_depends_on_it(
    tiny_results: dict,
) -> None:
    for variant in ("literalinclude", "configfile"):
        incremental = tiny_results["incremental"][variant]
        assert incremental["config"].startswith("bench/config-")
        assert incremental["expected_pages"], "the touched config is quoted somewhere"
        assert incremental["reread_pages"] == incremental["expected_pages"]
        assert incremental["exact"] is True
        assert incremental["page_exact"] is True
        assert incremental["page_seconds"] > 0
        assert len(incremental["config_runs"]) == len(incremental["page_runs"]) == 1
    floor = tiny_results["incremental"]["floor"]
    assert floor["page_exact"] is True and "seconds" not in floor  # no config to touch


def test_incremental_and_above_floor_ratios_carry_their_spread(
    tiny_run: tuple[Path, str], tiny_results: dict
) -> None:
    ratios = tiny_results["incremental_ratios"]
    assert ratios["targets"] == {"page": 1.0, "config": 0.8}
    for touched in ("page", "config"):
        for clock in ("wall", "cpu"):
            figures = ratios[touched][clock]
            low, high = figures["spread"]
            assert figures["ratio"] > 0 and 0 < low <= high
    assert ratios["page"]["floor_cpu_ratio"] > 0
    for mode in ("on", "off"):
        above = tiny_results["overhead"][mode]["above_directive_floor_cpu"]
        assert above["target"] == 0.3
    assert "incremental rebuild, configfile / literalinclude" in tiny_run[1]
    assert "bound: a guide without quotes rebuilds one page" in tiny_run[1]


def test_autobuild_edit_loop_is_timed_for_both_directives(
    tiny_run: tuple[Path, str], tiny_results: dict
) -> None:
    autobuild = tiny_results["autobuild"]
    if "skipped" in autobuild:
        skip_or_fail(autobuild["skipped"])
    for variant in ("literalinclude", "configfile"):
        assert len(autobuild["runs"][variant]) == 1
        assert 0 < autobuild["runs"][variant][0] < 180
    assert autobuild["ratio"] > 0
    assert "sphinx-autobuild, editing bench/config-" in tiny_run[1]


def test_scale_reports_per_quote_figures_of_both_sizes(
    tiny_run: tuple[Path, str], tiny_results: dict
) -> None:
    scaled = tiny_results["scale"]
    assert scaled["scale"] == 2
    assert scaled["one"]["doctree_bytes"] > 0
    # Twice the quotes in twice the pages: about twice the pickled doctrees.
    ratio = scaled["scaled"]["doctree_bytes"] / scaled["one"]["doctree_bytes"]
    assert 1.6 < ratio < 2.4
    assert "per-quote growth at 2x" in tiny_run[1]
    assert scaled["literalinclude_peak_rss_mib"] > 10
    assert scaled["peak_rss_ratio"] > 0 and scaled["peak_rss_target"] == 1.1
    assert "peak RSS at 2x: configfile" in tiny_run[1]


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


def test_lexing_floor_covers_each_shown_line_once_in_runs_of_adjacent_lines() -> None:
    from quoting import BenchSize, GuidePlan, Page, Quote, quoted_runs

    def quote(config: str, first: int, last: int) -> Quote:
        return Quote(marker="Q00000", config=config, first=first, last=last)

    page = Page(
        name="page-000",
        title="t",
        intro="i",
        paragraphs=("p",) * 5,
        # Overlapping, adjacent, repeated and separate ranges, on two configs.
        quotes=(quote("a", 5, 9), quote("a", 8, 12), quote("a", 13, 13), quote("a", 20, 21),
                quote("b", 1, 1)),
    )  # fmt: skip
    size = BenchSize(pages=1, quotes=5, configs=2, config_lines=30, max_quote_lines=9, seed=1)
    plan = GuidePlan(size=size, configs=("a", "b", "c"), pages=(page,))
    assert quoted_runs(plan) == {"a": [(5, 13), (20, 21)], "b": [(1, 1)]}


def test_the_guide_builds_are_timed_fresh_and_after_touching_its_most_quoted_config(
    tmp_path: Path,
) -> None:
    from guide_builds import guide_times

    root = tmp_path / "guide"
    (root / "source").mkdir(parents=True)
    (root / "configs").mkdir()
    conf = 'extensions = ["sphinx_configfile"]\nconfigfile_root = "../configs"\n'
    (root / "source" / "conf.py").write_text(conf, encoding="utf-8")
    quotes = "".join(f".. configfile:: /{name}.yml\n\n" for name in ("a", "b", "b"))
    (root / "source" / "index.rst").write_text(f"Guide\n=====\n\n{quotes}", encoding="utf-8")
    for name in ("a", "b"):
        (root / "configs" / f"{name}.yml").write_text(f"{name}: 1\n", encoding="utf-8")
    before = (root / "configs" / "b.yml").stat().st_mtime_ns
    results = guide_times(root, tmp_path / "out", ("html",))
    assert results["config"] == "configs/b.yml"
    assert results["html"]["fresh"]["seconds"] > 0
    assert results["html"]["touched_config"]["cpu_seconds"] > 0
    assert (root / "configs" / "b.yml").stat().st_mtime_ns == before  # put back
    assert "latexpdf" not in results


@pytest.mark.slow
def test_instruction_counts_cover_every_build_and_the_targets(tmp_path: Path) -> None:
    # Under valgrind each build is about 50 times slower: the smallest guide that quotes.
    require_program("valgrind", "valgrind")
    smallest = ["--pages", "2", "--quotes", "4", "--configs", "1", "--config-lines", "30"]
    command = [sys.executable, str(BENCH), "--out", str(tmp_path / "out"), *smallest]
    done = subprocess.run(
        [*command, "--guide", "none", "--instructions"],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    counted = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    counts = counted["instructions"]["counts"]
    variants = ("floor", "directive-floor", "literalinclude", "configfile")
    expected = {f"{v}-{mode}" for v in variants for mode in ("on", "off")}
    expected |= {"floor-page", "literalinclude-page", "configfile-page"}
    expected |= {"literalinclude-config", "configfile-config"}
    assert set(counts) == expected
    # A Sphinx build runs hundreds of millions of instructions; a rebuild fewer than a fresh one.
    assert all(count > 10**8 for count in counts.values())
    assert counts["configfile-page"] < counts["configfile-on"]
    # The touches take effect: the one config is quoted on both pages, so touching
    # it reads two pages again, touching one page reads one.
    for variant in ("literalinclude", "configfile"):
        assert counts[f"{variant}-config"] > counts[f"{variant}-page"]
    ratios = counted["instructions"]["ratios"]
    # The quoteless guide loads no extension and quotes nothing: its rebuild is the cheapest.
    assert 0 < ratios["page-rebuild-bound"] < ratios["page-rebuild"]
    assert "instruction counts (Valgrind" in done.stdout
    assert "rebuild after touching one config (target <= 0.8)" in done.stdout
