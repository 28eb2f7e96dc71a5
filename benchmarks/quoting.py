"""Benchmark of the ``configfile`` directive against ``literalinclude`` (``make bench``).

Generates a synthetic guide (pages of prose quoting line ranges of YAML configs,
from a seeded RNG), builds it to HTML three ways in fresh output directories --
no quotes (the floor), ``literalinclude`` and ``configfile`` -- and reports the
quoting overhead ratio (configfile - floor) / (literalinclude - floor) in wall
and CPU time, the pages re-read after one config changes, and the ``-j 2``
build time.  Every build is a real ``sphinx-build`` subprocess run with the
current interpreter; ``--profile`` adds CPU-time profiles of both quoting builds.

Run: ``python benchmarks/quoting.py --out build/bench`` (``--help`` for the sizes);
the figures go to ``<out>/results.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path

from autobuild_edit import AutobuildError, edit_seconds
from guide_builds import GuideBuildError, guide_times
from hardening_guide_tools.atomic_file import write_atomically
from instructions import CountedBuild, InstructionCountError, count_all, print_ratios, ratios
from pygments.lexers import get_lexer_by_name

# The overhead ratio the directive must meet, (configfile - floor) / (literalinclude - floor),
# with Sphinx's HTML search index on and off.
OVERHEAD_TARGETS = {"on": 0.35, "off": 0.2}
# What configfile may add above the directive floor, as a share of literalinclude's overhead.
ABOVE_DIRECTIVE_FLOOR_TARGET = 0.3
# An incremental rebuild of configfile against literalinclude's: touching one page may
# cost no more than literalinclude's rebuild (0.8 is the aim), touching one config 0.8 of it.
INCREMENTAL_TARGETS = {"page": 1.0, "config": 0.8}
PAGE_REBUILD_AIM = 0.8
# The -j 2 speed-up of a fresh build below which the bench names what holds it back.
PARALLEL_TARGET = 1.6
# configfile's peak RSS at --scale N, as a share of literalinclude's at the same size.
PEAK_RSS_TARGET = 1.1
SEARCH_MODES = ("on", "off")
# Per-quote time and doctree size of a --scale N guide may exceed the 1x figures by this much.
LINEAR_TOLERANCE = 0.2
# Marks a directory as made by this benchmark, so a rerun may replace it.
STAMP_NAME = ".configfile-bench"
CONFIG_DIR = "bench"
STDERR_TAIL_LINES = 30
PROJECT_ROOT = Path(__file__).resolve().parent.parent

# A fixed vocabulary keeps the prose deterministic and free of reST markup.
WORDS = (
    "cipher", "suite", "server", "client", "certificate", "handshake", "forward", "secrecy",
    "curve", "group", "listener", "stanza", "federation", "stream", "encryption", "policy",
    "protocol", "version", "key", "exchange", "session", "ticket", "renegotiation", "order",
    "preference", "administrator", "operator", "mandatory", "optional", "legacy", "deployment",
    "reference", "default", "hardening", "guide", "recommendation",
)  # fmt: skip


class Variant(Enum):
    FLOOR = "floor"
    # The same directives, parsed by docutils with the same options, inserting
    # nothing: what any directive costs before it quotes anything.
    DIRECTIVE_FLOOR = "directive-floor"
    LITERALINCLUDE = "literalinclude"
    CONFIGFILE = "configfile"


@dataclass(frozen=True)
class BenchSize:
    pages: int
    quotes: int
    configs: int
    config_lines: int
    max_quote_lines: int
    seed: int


@dataclass(frozen=True)
class Quote:
    marker: str  # unique caption token, found again in the HTML to count listings
    config: str  # file name under CONFIG_DIR
    first: int
    last: int


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    intro: str
    # Each quote follows the paragraph at the same index.
    paragraphs: tuple[str, ...]
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class GuidePlan:
    size: BenchSize
    configs: tuple[str, ...]
    pages: tuple[Page, ...]

    def pages_quoting(self, config: str) -> set[str]:
        return {p.name for p in self.pages if any(q.config == config for q in p.quotes)}


class BenchError(Exception):
    """A failure the user must see as one clear message, never as a traceback."""


@dataclass
class BuildRun:
    seconds: float
    cpu_seconds: float  # user + system time of the build process and its children
    peak_rss_mib: float
    stdout: str
    stderr: str


@dataclass
class VariantResult:
    runs: list[float] = field(default_factory=list)
    cpu_runs: list[float] = field(default_factory=list)
    peak_rss_mib: list[float] = field(default_factory=list)
    listings: int = 0
    expected_listings: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def best_cpu(self) -> float:
        return min(self.cpu_runs)


# -- generation -------------------------------------------------------------------


def make_plan(size: BenchSize) -> GuidePlan:
    """Lay out pages and quotes from a seeded RNG, so every run builds the same guide."""
    rng = random.Random(size.seed)
    configs = tuple(f"config-{i:02d}.yml" for i in range(size.configs))
    width = max(5, len(str(size.quotes)))
    quotes = [_random_quote(rng, f"Q{n:0{width}d}", configs, size) for n in range(size.quotes)]
    pages = []
    for index in range(size.pages):
        # Spread quotes evenly: page i holds quotes [i*Q/P, (i+1)*Q/P).
        mine = quotes[index * size.quotes // size.pages : (index + 1) * size.quotes // size.pages]
        pages.append(
            Page(
                name=f"page-{index:03d}",
                title=f"Page {index}: {_sentence(rng, 3, 6).rstrip('.')}",
                intro=_paragraph(rng),
                paragraphs=tuple(_paragraph(rng) for _ in mine),
                quotes=tuple(mine),
            )
        )
    return GuidePlan(size=size, configs=configs, pages=tuple(pages))


def _random_quote(
    rng: random.Random, marker: str, configs: tuple[str, ...], size: BenchSize
) -> Quote:
    length = rng.randint(1, min(size.max_quote_lines, size.config_lines))
    first = rng.randint(1, size.config_lines - length + 1)
    return Quote(marker=marker, config=rng.choice(configs), first=first, last=first + length - 1)


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, 6, 14) for _ in range(rng.randint(2, 5)))


def config_text(index: int, line_count: int, seed: int) -> str:
    """An ejabberd-style YAML file of exactly ``line_count`` lines."""
    rng = random.Random(seed * 1000 + index)
    lines: list[str] = [f"# Synthetic reference config {index:02d} (generated by make bench)"]
    block = 0
    while len(lines) < line_count:
        lines.extend(_yaml_block(rng, block))
        block += 1
    return "\n".join(lines[:line_count]) + "\n"


def _yaml_block(rng: random.Random, block: int) -> list[str]:
    port = rng.choice((5222, 5223, 5269, 5280, 5443))
    ciphers = rng.choice(("HIGH:!aNULL:!MD5", "ECDHE+AESGCM:ECDHE+CHACHA20", "DEFAULT:!RC4"))
    option = rng.choice(("no_tlsv1", "cipher_server_preference"))
    return [
        f"# Listener block {block}",
        f"listen_{block}:",
        "  -",
        f"    port: {port}",
        '    ip: "127.0.0.1"',
        f"    module: {rng.choice(('ejabberd_c2s', 'ejabberd_s2s_in', 'ejabberd_http'))}",
        f"    starttls_required: {rng.choice(('true', 'false'))}",
        f'    ciphers: "{ciphers}"',
        f'    protocol_options: ["no_sslv3", "{option}"]',
        f'    dhfile: "/etc/ejabberd/dh{rng.choice((2048, 3072, 4096))}.pem"',
        "",
    ]


# -- writing the Sphinx projects --------------------------------------------------

CONF_TEMPLATE = """\
import os

project = "Synthetic hardening guide ({variant})"
extensions = {extensions!r}
# The default theme's global-toctree sidebar would otherwise dominate the build time.
html_sidebars = {{"**": []}}
highlight_language = "yaml"
configfile_root = os.path.dirname(os.path.abspath(__file__))


def setup(app):
    # QUOTING_BENCH_SEARCH=off builds without the HTML search index, to tell
    # the index's share of a build from the rest.
    if os.environ.get("QUOTING_BENCH_SEARCH") == "off":
        app.connect("builder-inited", lambda app: setattr(app.builder, "search", False))
{directive_floor}"""

DIRECTIVE_FLOOR = """\
    from docutils.parsers.rst import Directive, directives

    class Nothing(Directive):
        required_arguments = 1
        option_spec = {"lines": directives.unchanged, "caption": directives.unchanged}

        def run(self):
            return []

    app.add_directive("directive-floor", Nothing)
"""


def write_project(plan: GuidePlan, variant: Variant, srcdir: Path) -> None:
    srcdir.mkdir(parents=True)
    extensions = ["sphinx_configfile"] if variant is Variant.CONFIGFILE else []
    directive_floor = DIRECTIVE_FLOOR if variant is Variant.DIRECTIVE_FLOOR else ""
    conf = CONF_TEMPLATE.format(
        variant=variant.value, extensions=extensions, directive_floor=directive_floor
    )
    (srcdir / "conf.py").write_text(conf, encoding="utf-8")
    toctree = "\n".join(f"   {page.name}" for page in plan.pages)
    index = f"Synthetic guide\n===============\n\n.. toctree::\n   :maxdepth: 1\n\n{toctree}\n"
    (srcdir / "index.rst").write_text(index, encoding="utf-8")
    for page in plan.pages:
        (srcdir / f"{page.name}.rst").write_text(page_source(page, variant), encoding="utf-8")
    config_dir = srcdir / CONFIG_DIR
    config_dir.mkdir()
    for index_, name in enumerate(plan.configs):
        text = config_text(index_, plan.size.config_lines, plan.size.seed)
        (config_dir / name).write_text(text, encoding="utf-8")


def page_source(page: Page, variant: Variant) -> str:
    parts = [page.title, "=" * len(page.title), "", page.intro, ""]
    for paragraph, quote in zip(page.paragraphs, page.quotes, strict=True):
        parts += [paragraph, ""]
        if variant is not Variant.FLOOR:
            parts += [quote_directive(quote, variant), ""]
    return "\n".join(parts)


def quote_directive(quote: Quote, variant: Variant) -> str:
    path = f"/{CONFIG_DIR}/{quote.config}"
    caption = f"{quote.marker} {quote.config} lines {quote.first}-{quote.last}"
    options = [f"   :lines: {quote.first}-{quote.last}"]
    if variant is Variant.LITERALINCLUDE:
        # lineno-match shows the file's own line numbers, as configfile always does.
        options += ["   :lineno-match:", "   :language: yaml"]
    options.append(f"   :caption: {caption}")
    return "\n".join([f".. {variant.value}:: {path}", *options])


# -- building and measuring ---------------------------------------------------------


def sphinx_build(
    srcdir: Path, outdir: Path, *extra: str, fresh: bool = True, search: bool = True
) -> BuildRun:
    """Run ``sphinx-build -b html`` in a subprocess; raise BenchError with its stderr tail."""
    if fresh and outdir.exists():
        shutil.rmtree(outdir)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-N", *extra, str(srcdir), str(outdir)]
    env = {**os.environ, "QUOTING_BENCH_SEARCH": "on" if search else "off"}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env)
        # wait4 rather than wait: the resource usage of this build alone (its
        # -j workers included), so CPU time and peak memory are per build.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        tail = "\n".join(stderr.splitlines()[-STDERR_TAIL_LINES:])
        raise BenchError(
            f"{srcdir}: sphinx-build failed with exit code {process.returncode} "
            f"(command: {' '.join(command)})\n--- stderr (last lines) ---\n{tail}"
        )
    return BuildRun(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_mib=usage.ru_maxrss / 1024,  # KiB on Linux
        stdout=stdout,
        stderr=stderr,
    )


def found_markers(outdir: Path) -> set[str]:
    """Caption markers present in the built pages: one per rendered listing."""
    markers: set[str] = set()
    for html in outdir.glob("page-*.html"):
        markers.update(re.findall(r"\bQ\d{5,}\b", html.read_text(encoding="utf-8")))
    return markers


def expected_markers(plan: GuidePlan, variant: Variant) -> set[str]:
    if variant in (Variant.FLOOR, Variant.DIRECTIVE_FLOOR):
        return set()
    return {quote.marker for page in plan.pages for quote in page.quotes}


def timed_build(
    plan: GuidePlan,
    variant: Variant,
    srcdir: Path,
    outdir: Path,
    jobs: int,
    into: VariantResult,
    search: bool = True,
) -> BuildRun:
    """One fresh quiet build; its time joins ``into`` once its listings are all there."""
    run = sphinx_build(srcdir, outdir, "-q", "-j", str(jobs), search=search)
    into.warnings = [line for line in run.stderr.splitlines() if line.strip()]
    expected = expected_markers(plan, variant)
    found = found_markers(outdir)
    if found != expected:
        missing = sorted(expected - found)[:5]
        first_warnings = "\n".join(into.warnings[:5])
        raise BenchError(
            f"{outdir}: the {variant.value} build rendered {len(found)} listings, expected "
            f"{len(expected)} (first missing: {', '.join(missing) or 'none'}; "
            f"{len(into.warnings)} build warnings, first ones below)\n{first_warnings}"
        )
    into.runs.append(run.seconds)
    into.cpu_runs.append(run.cpu_seconds)
    into.peak_rss_mib.append(run.peak_rss_mib)
    into.listings = len(found)
    into.expected_listings = len(expected)
    return run


READ_LINE = re.compile(r"reading sources\.\.\.\s*\[\s*\d+%\]\s*(\S+)")
UPDATE_LINE = re.compile(r"updating environment: .*?(\d+) added, (\d+) changed, (\d+) removed")


def _rebuild_after_touching(path: Path, srcdir: Path, outdir: Path) -> tuple[BuildRun, set[str]]:
    # Newer than every page's read time, whatever the file system's time granularity;
    # then back to its old time, so that the next measurement sees only its own touch.
    before = path.stat()
    future = time.time() + 2
    os.utime(path, (future, future))
    try:
        run = sphinx_build(srcdir, outdir, fresh=False)
    finally:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        # Not measured: configfile reads a page again when a config it quotes
        # differs from the version it read, older too (a restored copy), so
        # putting the time back is a change to it; Sphinx's newer-than rule
        # sees none. Either way the next measurement starts from a settled build.
        sphinx_build(srcdir, outdir, fresh=False)
    return run, set(READ_LINE.findall(run.stdout.replace("\r", "\n")))


def _pick_touched(plan: GuidePlan) -> tuple[str, str]:
    """The config and the page the incremental rebuilds touch (seeded, same every run)."""
    rng = random.Random(plan.size.seed + 1)
    quoted = [name for name in plan.configs if plan.pages_quoting(name)]
    if not quoted:
        raise BenchError("the generated guide quotes no config (raise --quotes)")
    config = rng.choice(quoted)
    return config, rng.choice(plan.pages).name


def measure_incremental(plan: GuidePlan, out: Path, repeat: int) -> dict[str, dict[str, object]]:
    """Touch one config, rebuild; touch one page, rebuild; ``repeat`` interleaved rounds.

    Each variant rebuilds its index-on output of the full builds. The floor
    (no quotes) rebuilds after the page touch only: what Sphinx alone spends
    to start, load the environment and write one page, the least any
    directive's page rebuild can cost.
    """
    config, page = _pick_touched(plan)
    expected = plan.pages_quoting(config)
    measured = (Variant.FLOOR, Variant.LITERALINCLUDE, Variant.CONFIGFILE)
    figures: dict[str, dict[str, object]] = {
        variant.value: {
            "variant": variant.value,
            "config": f"{CONFIG_DIR}/{config}",
            "expected_pages": sorted(expected),
            "page": page,
            "config_runs": [],
            "config_cpu_runs": [],
            "page_runs": [],
            "page_cpu_runs": [],
            "exact": True,
            "page_exact": True,
        }
        for variant in measured
    }
    for round_ in range(1, repeat + 1):
        for variant in measured:
            print(f"round {round_}/{repeat}: {variant.value}, incremental rebuilds ...", flush=True)
            srcdir, outdir = (
                out / "src" / variant.value,
                out / "html" / f"{variant.value}-search-on",
            )
            entry = figures[variant.value]
            if variant is not Variant.FLOOR:
                run, reread = _rebuild_after_touching(srcdir / CONFIG_DIR / config, srcdir, outdir)
                entry["reread_pages"] = sorted(reread)
                entry["exact"] = entry["exact"] and reread == expected
                entry["config_runs"].append(run.seconds)
                entry["config_cpu_runs"].append(run.cpu_seconds)
            run, page_reread = _rebuild_after_touching(srcdir / f"{page}.rst", srcdir, outdir)
            entry["page_exact"] = entry["page_exact"] and page_reread == {page}
            entry["page_runs"].append(run.seconds)
            entry["page_cpu_runs"].append(run.cpu_seconds)
    for entry in figures.values():
        entry["page_seconds"] = min(entry["page_runs"])
        entry["page_cpu_seconds"] = min(entry["page_cpu_runs"])
        if entry["config_runs"]:
            entry["seconds"] = min(entry["config_runs"])
            entry["cpu_seconds"] = min(entry["config_cpu_runs"])
    return figures


def measure_autobuild(plan: GuidePlan, out: Path, repeat: int) -> dict[str, object]:
    """sphinx-autobuild from a config edit to the rewritten page, against literalinclude."""
    config, _ = _pick_touched(plan)
    page = min(plan.pages_quoting(config))
    line = next(
        q.first for p in plan.pages if p.name == page for q in p.quotes if q.config == config
    )
    env = {**os.environ, "QUOTING_BENCH_SEARCH": "on"}
    runs: dict[str, list[float]] = {}
    try:
        for variant in (Variant.LITERALINCLUDE, Variant.CONFIGFILE):
            print(f"{variant.value}: sphinx-autobuild, {repeat} config edits ...", flush=True)
            srcdir = out / "src" / variant.value
            runs[variant.value] = edit_seconds(
                srcdir,
                out / "html" / f"{variant.value}-search-on",
                srcdir / CONFIG_DIR / config,
                line,
                page,
                repeat,
                env,
            )
    except AutobuildError as error:
        return {"skipped": str(error)}
    ours, theirs = runs["configfile"], runs["literalinclude"]
    per_round = [a / b for a, b in zip(ours, theirs, strict=True)]
    return {
        "config": f"{CONFIG_DIR}/{config}",
        "page": page,
        "runs": runs,
        "ratio": min(ours) / min(theirs),
        "spread": [min(per_round), max(per_round)],
    }


def incremental_ratios(incremental: dict[str, dict[str, object]]) -> dict[str, object]:
    """configfile / literalinclude per touched file: best against best, and each round's spread."""
    ours, theirs = incremental["configfile"], incremental["literalinclude"]
    floor = incremental["floor"]
    ratios: dict[str, object] = {"targets": INCREMENTAL_TARGETS, "page_aim": PAGE_REBUILD_AIM}
    for touched, target in INCREMENTAL_TARGETS.items():
        figures = {}
        for clock, suffix in (("wall", "runs"), ("cpu", "cpu_runs")):
            mine, other = ours[f"{touched}_{suffix}"], theirs[f"{touched}_{suffix}"]
            per_round = [a / b for a, b in zip(mine, other, strict=True) if b > 0]
            figures[clock] = {
                "ratio": min(mine) / min(other),
                "spread": [min(per_round), max(per_round)],
                "target_met": min(mine) / min(other) <= target,
            }
        ratios[touched] = figures
    # The bound on the page rebuild: Sphinx's own cost for a guide without quotes.
    ratios["page"]["floor_cpu_ratio"] = floor["page_cpu_seconds"] / theirs["page_cpu_seconds"]
    return ratios


def quoted_runs(plan: GuidePlan) -> dict[str, list[tuple[int, int]]]:
    """Per config, the maximal runs of lines that some quote shows (first, last)."""
    shown: dict[str, set[int]] = {}
    for page in plan.pages:
        for quote in page.quotes:
            shown.setdefault(quote.config, set()).update(range(quote.first, quote.last + 1))
    runs: dict[str, list[tuple[int, int]]] = {}
    for config, numbers in shown.items():
        ordered = sorted(numbers)
        start = previous = ordered[0]
        runs[config] = []
        for number in ordered[1:]:
            if number != previous + 1:
                runs[config].append((start, previous))
                start = number
            previous = number
        runs[config].append((start, previous))
    return runs


def lexing_floor_cpu(plan: GuidePlan, config_dir: Path, repeat: int = 3) -> float:
    """CPU seconds Pygments needs to lex every shown line once (best of ``repeat``).

    Every highlighted listing needs at least this: each line some quote shows,
    lexed once, in runs of adjacent lines. With the directive floor it bounds
    from below what any Pygments-highlighting directive with these options
    can cost, however it is written.
    """
    texts = []
    for config, runs in quoted_runs(plan).items():
        lines = (config_dir / config).read_text(encoding="utf-8").split("\n")
        texts += ["\n".join(lines[first - 1 : last]) + "\n" for first, last in runs]
    return _lexing_cpu(texts, repeat)


def whole_config_lexing_cpu(plan: GuidePlan, config_dir: Path, repeat: int = 3) -> float:
    """CPU seconds Pygments needs to lex each quoted config whole, once.

    What configfile pays, by design, in a build with an empty highlight cache:
    it highlights each config whole, so that an excerpt from inside a block
    scalar or a multi-line term is coloured as in its file.
    """
    texts = [(config_dir / config).read_text(encoding="utf-8") for config in quoted_runs(plan)]
    return _lexing_cpu(texts, repeat)


def _lexing_cpu(texts: list[str], repeat: int) -> float:
    lexer = get_lexer_by_name("yaml", stripnl=False, ensurenl=True)
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            for _token in lexer.get_tokens(text):
                pass
        best = min(best, time.process_time() - start)
    return best


def doctree_bytes(outdir: Path) -> int:
    """Size of the pickled doctrees of the pages (what the environment keeps per quote)."""
    return sum(path.stat().st_size for path in (outdir / ".doctrees").glob("page-*.doctree"))


# sphinx-build in-process under a CPU-time profiler: a wall-clock profile on a busy
# machine charges other processes' time to whatever function happened to be running.
PROFILE_RUNNER = """\
import cProfile, sys, time
from sphinx.cmd.build import main
profiler = cProfile.Profile(time.process_time)
status = profiler.runcall(main, sys.argv[2:])
profiler.dump_stats(sys.argv[1])
sys.exit(status)
"""
FunctionKey = tuple[str, int, str]


def profile_build(srcdir: Path, outdir: Path, profile: Path) -> pstats.Stats:
    if outdir.exists():
        shutil.rmtree(outdir)
    command = [sys.executable, "-c", PROFILE_RUNNER, str(profile)]
    command += ["-b", "html", "-q", "-N", str(srcdir), str(outdir)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join(done.stderr.splitlines()[-STDERR_TAIL_LINES:])
        raise BenchError(f"{srcdir}: profiled sphinx-build failed\n{tail}")
    return pstats.Stats(str(profile))


def _cumulative(stats: pstats.Stats) -> dict[FunctionKey, tuple[int, float]]:
    """(calls, cumulative CPU seconds) per function, paths cut after site-packages."""
    table: dict[FunctionKey, tuple[int, float]] = {}
    for (path, line, name), (_, calls, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        short = path.split("site-packages/")[-1]
        table[(short, line, name)] = (calls, cumulative)
    return table


def profile_report(literal: pstats.Stats, ours: pstats.Stats, top: int = 40) -> str:
    """Where the configfile build spends CPU time that the literalinclude build does not."""
    a, b = _cumulative(literal), _cumulative(ours)
    rows = []
    for key in a.keys() | b.keys():
        (calls_a, cum_a), (calls_b, cum_b) = a.get(key, (0, 0.0)), b.get(key, (0, 0.0))
        rows.append((cum_b - cum_a, cum_a, cum_b, calls_a, calls_b, key))
    rows.sort(reverse=True)
    total_a, total_b = literal.total_tt, ours.total_tt  # type: ignore[attr-defined]
    out = io.StringIO()
    out.write(f"CPU seconds under the profiler: literalinclude {total_a:.2f}, ")
    out.write(f"configfile {total_b:.2f}\n\n")
    out.write("largest cumulative differences (configfile minus literalinclude):\n")
    out.write(f"{'delta':>8} {'li cum':>8} {'cf cum':>8} {'li calls':>9} {'cf calls':>9}  where\n")
    for delta, cum_a, cum_b, calls_a, calls_b, (path, line, name) in rows[:top]:
        out.write(f"{delta:8.2f} {cum_a:8.2f} {cum_b:8.2f} {calls_a:9d} {calls_b:9d}  ")
        out.write(f"{path}:{line}({name})\n")
    out.write("\nfunctions of the configfile extension, by own time:\n")
    ours.stream = out  # type: ignore[attr-defined]
    ours.sort_stats("tottime").print_stats(r"configfile/", 30)
    return out.getvalue()


# -- running the whole benchmark -------------------------------------------------------


def prepare_out_dir(out: Path) -> None:
    """Refuse to replace a directory this benchmark did not create."""
    if out.exists() and any(out.iterdir()) and not (out / STAMP_NAME).exists():
        raise BenchError(
            f"{out}: exists and was not made by this benchmark "
            f"(choose an empty or new --out directory)"
        )
    for child in ("src", "html", "instructions"):
        if (out / child).exists():
            shutil.rmtree(out / child)
    # A failed run must not leave the previous run's figures looking current.
    for stale in ("results.json", "profile.txt", "literalinclude.prof", "configfile.prof"):
        (out / stale).unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / STAMP_NAME).write_text("made by python benchmarks/quoting.py\n", encoding="utf-8")


def run_benchmark(
    size: BenchSize, out: Path, repeat: int, profile: bool, scale: int
) -> dict[str, object]:
    prepare_out_dir(out)
    plan = make_plan(size)
    for variant in Variant:
        write_project(plan, variant, out / "src" / variant.value)
    results = {(variant, mode): VariantResult() for variant in Variant for mode in SEARCH_MODES}
    parallel = VariantResult()
    j2_load: list[float] = []  # a busy machine leaves -j 2 no idle core to gain from
    configfile_src = out / "src" / Variant.CONFIGFILE.value
    # Rounds interleave the variants, so a slow spell of the machine hits all of them alike.
    for round_ in range(1, repeat + 1):
        for mode in SEARCH_MODES:
            for variant in Variant:
                print(f"round {round_}/{repeat}: {variant.value}, search {mode} ...", flush=True)
                srcdir = out / "src" / variant.value
                outdir = out / "html" / f"{variant.value}-search-{mode}"
                timed_build(plan, variant, srcdir, outdir, 1, results[variant, mode], mode == "on")
        print(f"round {round_}/{repeat}: configfile with -j 2 ...", flush=True)
        j2_outdir = out / "html" / "configfile-j2"
        j2_load.append(os.getloadavg()[0])
        timed_build(plan, Variant.CONFIGFILE, configfile_src, j2_outdir, 2, parallel)
    incremental = measure_incremental(plan, out, repeat)
    autobuild = measure_autobuild(plan, out, repeat)
    scaled = (
        measure_scale(plan, out, scale, results[Variant.CONFIGFILE, "on"]) if scale > 1 else None
    )
    if profile:
        print("profiling the literalinclude and configfile builds ...", flush=True)
        profiles = {
            variant: profile_build(
                out / "src" / variant.value,
                out / "html" / f"{variant.value}-profile",
                out / f"{variant.value}.prof",
            )
            for variant in (Variant.LITERALINCLUDE, Variant.CONFIGFILE)
        }
        text = profile_report(profiles[Variant.LITERALINCLUDE], profiles[Variant.CONFIGFILE])
        (out / "profile.txt").write_text(text, encoding="utf-8")
        print(f"profile written to {out / 'profile.txt'} (raw: {out}/*.prof)")
    lexing = (
        lexing_floor_cpu(plan, configfile_src / CONFIG_DIR),
        whole_config_lexing_cpu(plan, configfile_src / CONFIG_DIR),
    )
    summary = summarise(size, repeat, results, parallel, incremental, scaled, lexing)
    summary["parallel"]["load_average_before"] = j2_load
    return {**summary, "autobuild": autobuild}


def _literalinclude_peak_rss(big: GuidePlan, out: Path, scale: int) -> float:
    """Peak RSS of literalinclude's build of the same larger guide: the memory target's scale."""
    srcdir = out / "src" / f"literalinclude-x{scale}"
    write_project(big, Variant.LITERALINCLUDE, srcdir)
    print(f"building the literalinclude guide at {scale}x ...", flush=True)
    result = VariantResult()
    timed_build(
        big, Variant.LITERALINCLUDE, srcdir, out / "html" / f"literalinclude-x{scale}", 1, result
    )
    return result.peak_rss_mib[0]


def measure_scale(plan: GuidePlan, out: Path, scale: int, one: VariantResult) -> dict[str, object]:
    """Build the configfile guide ``scale`` times larger: cost per quote must stay flat."""
    size = plan.size
    big = make_plan(
        BenchSize(**{**asdict(size), "pages": size.pages * scale, "quotes": size.quotes * scale})
    )
    srcdir = out / "src" / f"configfile-x{scale}"
    write_project(big, Variant.CONFIGFILE, srcdir)
    print(
        f"building the configfile guide at {scale}x ({big.size.pages} pages, "
        f"{big.size.quotes} quotes) ...",
        flush=True,
    )
    result = VariantResult()
    outdir = out / "html" / f"configfile-x{scale}"
    timed_build(big, Variant.CONFIGFILE, srcdir, outdir, 1, result)
    literal_rss = _literalinclude_peak_rss(big, out, scale)
    one_doctrees = doctree_bytes(out / "html" / "configfile-search-on")

    def per_quote(seconds: float, cpu: float, rss: float, doctrees: int, quotes: int):
        return {
            "seconds": seconds,
            "cpu_seconds": cpu,
            "peak_rss_mib": rss,
            "doctree_bytes": doctrees,
            "seconds_per_quote": seconds / quotes,
            "cpu_seconds_per_quote": cpu / quotes,
            "doctree_bytes_per_quote": doctrees / quotes,
        }

    base = per_quote(one.best, one.best_cpu, max(one.peak_rss_mib), one_doctrees, size.quotes)
    scaled = per_quote(
        result.best, result.best_cpu, result.peak_rss_mib[0], doctree_bytes(outdir), big.size.quotes
    )
    growth = {
        key: scaled[key] / base[key] - 1
        for key in ("seconds_per_quote", "cpu_seconds_per_quote", "doctree_bytes_per_quote")
    }
    return {
        "scale": scale,
        "one": base,
        "scaled": scaled,
        "growth": growth,
        "literalinclude_peak_rss_mib": literal_rss,
        "peak_rss_ratio": scaled["peak_rss_mib"] / literal_rss,
        "peak_rss_target": PEAK_RSS_TARGET,
        "tolerance": LINEAR_TOLERANCE,
        "linear": growth["cpu_seconds_per_quote"] <= LINEAR_TOLERANCE
        and growth["doctree_bytes_per_quote"] <= LINEAR_TOLERANCE,
    }


def overhead(
    floor: float, literalinclude: float, configfile: float, target: float
) -> dict[str, object]:
    """The quoting overhead of configfile relative to literalinclude, both above the floor."""
    literal = literalinclude - floor
    ours = configfile - floor
    ratio = ours / literal if literal > 0 else None
    return {
        "literalinclude_seconds": literal,
        "configfile_seconds": ours,
        "ratio": ratio,
        "target": target,
        "target_met": ratio is not None and ratio <= target,
    }


def _above_directive_floor(
    floor: VariantResult, parse: VariantResult, literal: VariantResult, ours: VariantResult
) -> dict[str, object]:
    """(configfile - directive floor) / (literalinclude - floor), CPU: best and per-round spread."""

    def ratio(f: float, p: float, lit: float, mine: float) -> float | None:
        return (mine - p) / (lit - f) if lit > f else None

    best = ratio(floor.best_cpu, parse.best_cpu, literal.best_cpu, ours.best_cpu)
    rounds = zip(floor.cpu_runs, parse.cpu_runs, literal.cpu_runs, ours.cpu_runs, strict=True)
    per_round = [r for r in (ratio(*figures) for figures in rounds) if r is not None]
    return {
        "ratio": best,
        "spread": [min(per_round), max(per_round)] if per_round else None,
        "target": ABOVE_DIRECTIVE_FLOOR_TARGET,
        "target_met": best is not None and best <= ABOVE_DIRECTIVE_FLOOR_TARGET,
    }


def summarise(
    size: BenchSize,
    repeat: int,
    results: dict[tuple[Variant, str], VariantResult],
    parallel: VariantResult,
    incremental: dict[str, object],
    scaled: dict[str, object] | None,
    lexing: tuple[float, float],
) -> dict[str, object]:
    lexing_cpu, whole_lexing_cpu = lexing
    builds = {
        f"{variant.value}-search-{mode}": {
            **asdict(result),
            "best": result.best,
            "best_cpu": result.best_cpu,
        }
        for (variant, mode), result in results.items()
    }
    ratios = {}
    for mode in SEARCH_MODES:
        floor, parse, literal, ours = (results[variant, mode] for variant in Variant)
        target = OVERHEAD_TARGETS[mode]
        ratios[mode] = {
            "wall": overhead(floor.best, literal.best, ours.best, target),
            "cpu": overhead(floor.best_cpu, literal.best_cpu, ours.best_cpu, target),
            # The same ratio for a directive that quotes nothing: no quoting
            # directive can go below what docutils spends parsing it.
            "directive_floor_cpu": overhead(
                floor.best_cpu, literal.best_cpu, parse.best_cpu, target
            )["ratio"],
            # ... and plus lexing each shown line once: the least any
            # directive that highlights with Pygments can reach.
            "attainable_cpu": overhead(
                floor.best_cpu, literal.best_cpu, parse.best_cpu + lexing_cpu, target
            )["ratio"],
            # What configfile adds above the directive floor, on literalinclude's scale.
            "above_directive_floor_cpu": _above_directive_floor(floor, parse, literal, ours),
            # ... less lexing each quoted config whole once, which a fresh build
            # (an empty highlight cache) pays by design: the rest of the directive.
            "above_directive_floor_less_lexing_cpu": (
                (ours.best_cpu - whole_lexing_cpu - parse.best_cpu)
                / (literal.best_cpu - floor.best_cpu)
                if literal.best_cpu > floor.best_cpu
                else None
            ),
        }
    ours = results[Variant.CONFIGFILE, "on"]
    return {
        "size": asdict(size),
        "repeat": repeat,
        "python": sys.version.split()[0],
        "cpu_count": os.cpu_count(),
        # Other work on the machine skews wall times; a high load says to rerun.
        "load_average_after": os.getloadavg()[0],
        "builds": builds,
        "overhead": ratios,
        "parallel": {
            "j1_seconds": ours.best,
            "j2_seconds": parallel.best,
            "j2_runs": parallel.runs,
            # Both workers' CPU time: what parallel reading and writing cost in total.
            "j1_cpu_seconds": ours.best_cpu,
            "j2_cpu_seconds": parallel.best_cpu,
            "speedup": ours.best / parallel.best,
        },
        "incremental": incremental,
        "incremental_ratios": incremental_ratios(incremental),
        "scale": scaled,
        "lexing_floor_cpu_seconds": lexing_cpu,
        "whole_config_lexing_cpu_seconds": whole_lexing_cpu,
    }


def _ratio_line(label: str, figures: dict[str, object]) -> str:
    ratio = figures["ratio"]
    if ratio is None:
        return f"{label}: n/a (literalinclude no slower than the floor)"
    verdict = "met" if figures["target_met"] else "NOT met"
    return f"{label}: {ratio:.3f} (target <= {figures['target']}: {verdict})"


def print_summary(results: dict[str, object]) -> None:
    parallel = results["parallel"]
    for name, build in results["builds"].items():
        print(
            f"{name:>28}: {build['best']:8.2f} s wall, {build['best_cpu']:8.2f} s CPU, "
            f"{max(build['peak_rss_mib']):6.0f} MiB peak ({build['listings']} listings)"
        )
    print("quoting overhead ratio (configfile - floor) / (literalinclude - floor)")
    for mode, figures in results["overhead"].items():
        print(f"  search index {mode:>3}: " + _ratio_line("wall", figures["wall"]))
        print(f"  search index {mode:>3}: " + _ratio_line("CPU ", figures["cpu"]))
        floor = figures["directive_floor_cpu"]
        if floor is not None:
            print(f"  search index {mode:>3}: a directive that quotes nothing: {floor:.3f} (CPU)")
            print(
                f"  search index {mode:>3}: the same, plus lexing each shown line once: "
                f"{figures['attainable_cpu']:.3f} (CPU; the least a highlighting directive "
                "with these options can reach)"
            )
        above = figures["above_directive_floor_cpu"]
        if above["ratio"] is not None:
            low, high = above["spread"]
            verdict = "met" if above["target_met"] else "NOT met"
            print(
                f"  search index {mode:>3}: configfile above the directive floor: "
                f"{above['ratio']:.3f} (CPU, rounds {low:.3f}-{high:.3f}; "
                f"target <= {above['target']}: {verdict})"
            )
            less_lexing = figures["above_directive_floor_less_lexing_cpu"]
            print(
                f"  search index {mode:>3}: the same, less lexing each quoted config whole "
                f"once (what an empty highlight cache costs): {less_lexing:.3f} (CPU)"
            )
    print(
        f"-j 2: {parallel['j2_seconds']:.2f} s against -j 1: {parallel['j1_seconds']:.2f} s "
        f"(speedup {parallel['speedup']:.2f}x; CPU {parallel['j2_cpu_seconds']:.2f} s "
        f"against {parallel['j1_cpu_seconds']:.2f} s)"
    )
    if parallel["speedup"] < PARALLEL_TARGET:
        load = ", ".join(f"{value:.1f}" for value in parallel["load_average_before"])
        print(
            f"  under {PARALLEL_TARGET}x: Sphinx resolves, post-transforms and indexes every "
            "page in the main process before it forks writers (Builder._write_parallel), so "
            "only reading and HTML translation run in parallel; load average before the "
            f"-j 2 builds: {load} on {results['cpu_count']} cores"
        )
    for name, incremental in results["incremental"].items():
        page_part = (
            f"touching {incremental['page']}: rebuild {incremental['page_seconds']:.2f} s, "
            f"{incremental['page_cpu_seconds']:.2f} s CPU"
        )
        if "seconds" not in incremental:  # the floor quotes no config
            print(f"{name:>14}: {page_part}")
            continue
        exact = "exactly the quoting pages" if incremental["exact"] else "NOT the quoting pages"
        print(
            f"{name:>14}: touching {incremental['config']} re-read "
            f"{len(incremental['reread_pages'])} pages ({exact}), "
            f"rebuild {incremental['seconds']:.2f} s, {incremental['cpu_seconds']:.2f} s CPU; "
            + page_part
        )
    print_incremental_ratios(results["incremental_ratios"])
    print_autobuild(results["autobuild"])
    scaled = results["scale"]
    if scaled:
        for label, figures in (("1x", scaled["one"]), (f"{scaled['scale']}x", scaled["scaled"])):
            print(
                f"configfile at {label:>3}: {figures['seconds']:.1f} s, "
                f"{figures['cpu_seconds']:.1f} s CPU, {figures['peak_rss_mib']:.0f} MiB peak, "
                f"{1000 * figures['cpu_seconds_per_quote']:.2f} ms CPU and "
                f"{figures['doctree_bytes_per_quote']:.0f} doctree bytes per quote"
            )
        verdict = "met" if scaled["peak_rss_ratio"] <= scaled["peak_rss_target"] else "NOT met"
        print(
            f"peak RSS at {scaled['scale']}x: configfile "
            f"{scaled['scaled']['peak_rss_mib']:.0f} MiB, literalinclude "
            f"{scaled['literalinclude_peak_rss_mib']:.0f} MiB, ratio "
            f"{scaled['peak_rss_ratio']:.2f} (target <= {scaled['peak_rss_target']}: {verdict})"
        )
        growth = scaled["growth"]
        verdict = "linear" if scaled["linear"] else "NOT linear"
        print(
            f"per-quote growth at {scaled['scale']}x: CPU {growth['cpu_seconds_per_quote']:+.1%}, "
            f"wall {growth['seconds_per_quote']:+.1%}, doctree "
            f"{growth['doctree_bytes_per_quote']:+.1%} (within {LINEAR_TOLERANCE:.0%}: {verdict})"
        )
    for target, figures in results.get("guide", {}).items():
        if target == "config":
            continue
        fresh, again = figures["fresh"], figures["touched_config"]
        print(
            f"the guide, make {target}: fresh {fresh['seconds']:.1f} s "
            f"({fresh['cpu_seconds']:.1f} s CPU), after touching {results['guide']['config']}: "
            f"{again['seconds']:.1f} s ({again['cpu_seconds']:.1f} s CPU)"
        )
    print(f"load average after the run: {results['load_average_after']:.2f}")


def print_incremental_ratios(ratios: dict[str, object]) -> None:
    print("incremental rebuild, configfile / literalinclude (best of rounds)")
    for touched, target in ratios["targets"].items():
        aim = f", aim {ratios['page_aim']}" if touched == "page" else ""
        for clock in ("wall", "cpu"):
            figures = ratios[touched][clock]
            low, high = figures["spread"]
            verdict = "met" if figures["target_met"] else "NOT met"
            print(
                f"  touching one {touched:>6}, {clock:>4}: {figures['ratio']:.2f} "
                f"(rounds {low:.2f}-{high:.2f}; target <= {target}{aim}: {verdict})"
            )
    print(
        "  bound: a guide without quotes rebuilds one page in "
        f"{ratios['page']['floor_cpu_ratio']:.2f} of literalinclude's CPU time "
        "(Sphinx start-up, environment, one page written): no directive goes below it"
    )


def print_autobuild(autobuild: dict[str, object]) -> None:
    if "skipped" in autobuild:
        print(f"sphinx-autobuild: not measured ({autobuild['skipped']})")
        return
    runs = autobuild["runs"]
    low, high = autobuild["spread"]
    print(
        f"sphinx-autobuild, editing {autobuild['config']} until {autobuild['page']}.html shows it: "
        f"configfile {min(runs['configfile']):.2f} s, literalinclude "
        f"{min(runs['literalinclude']):.2f} s, ratio {autobuild['ratio']:.2f} "
        f"(rounds {low:.2f}-{high:.2f})"
    )


def measure_instructions(plan: GuidePlan, out: Path) -> dict[str, object]:
    """Instruction counts of the fresh builds and the edit-loop rebuilds (``instructions.py``)."""
    config, page = _pick_touched(plan)
    groups = []
    for variant in Variant:
        srcdir = out / "src" / variant.value
        outdir = out / "instructions" / f"{variant.value}-on"
        group = [CountedBuild(f"{variant.value}-on", srcdir, outdir, search=True)]
        if variant is not Variant.DIRECTIVE_FLOOR:
            page_source = srcdir / f"{page}.rst"
            group.append(
                CountedBuild(f"{variant.value}-page", srcdir, outdir, True, False, page_source)
            )
        if variant in (Variant.LITERALINCLUDE, Variant.CONFIGFILE):
            config_path = srcdir / CONFIG_DIR / config
            group.append(
                CountedBuild(f"{variant.value}-config", srcdir, outdir, True, False, config_path)
            )
        groups.append(group)
        off = out / "instructions" / f"{variant.value}-off"
        groups.append([CountedBuild(f"{variant.value}-off", srcdir, off, search=False)])
    print("counting instructions under valgrind (slow) ...", flush=True)
    counts = count_all(groups)
    return {"counts": counts, "ratios": ratios(counts), "page": page, "config": config}


def write_json_atomically(path: Path, data: dict[str, object]) -> None:
    write_atomically(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/quoting.py",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add = parser.add_argument
    add("--out", type=Path, default=Path("build/bench"), help="sources, builds, results.json")
    add("--pages", type=int, default=500, help="pages of the synthetic guide")
    add("--quotes", type=int, default=5000, help="quotes, spread evenly over the pages")
    add("--configs", type=int, default=50, help="YAML configs the quotes are taken from")
    add("--config-lines", type=int, default=1000, help="lines of each config")
    add("--max-quote-lines", type=int, default=20, help="longest quote; each is 1..this")
    add("--seed", type=int, default=2024, help="seed of the generator (same seed, same guide)")
    add("--repeat", type=int, default=1, help="builds per variant; the fastest is reported")
    add("--scale", type=int, default=1, help="also build the guide N times larger (pages, quotes)")
    add(
        "--guide",
        choices=("all", "html", "none"),
        default="all",
        help="also time the project's own guide: make html and make latexpdf, or html only",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count the instructions of the fresh builds and the edit-loop rebuilds under "
        "valgrind: figures the machine's load does not move (slow: about 50x a build)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile the literalinclude and configfile builds (CPU time) into profile.txt",
    )
    args = parser.parse_args(argv)
    for name in (
        "pages",
        "quotes",
        "configs",
        "config_lines",
        "max_quote_lines",
        "repeat",
        "scale",
    ):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Sphinx and Pygments run from the byte code pip compiled at install; with
    # this set, the extension's modules (an editable install) would be compiled
    # from source in every build, a cost no installed extension has, charged
    # to configfile alone (about 0.1 s of CPU per incremental rebuild).
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
        print("bench: PYTHONDONTWRITEBYTECODE unset for the builds (see main())", flush=True)
    size = BenchSize(
        pages=args.pages,
        quotes=args.quotes,
        configs=args.configs,
        config_lines=args.config_lines,
        max_quote_lines=args.max_quote_lines,
        seed=args.seed,
    )
    try:
        results = run_benchmark(size, args.out, args.repeat, args.profile, args.scale)
        write_json_atomically(args.out / "results.json", results)
    except BenchError as error:
        print(f"quoting benchmark: error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"quoting benchmark: error: {error} (check --out)", file=sys.stderr)
        return 1
    guide_targets = {"all": ("html", "latexpdf"), "html": ("html",), "none": ()}[args.guide]
    if guide_targets:
        print(f"timing the guide's own builds: {', '.join(guide_targets)} ...", flush=True)
        try:
            results["guide"] = guide_times(PROJECT_ROOT, args.out / "guide", guide_targets)
        except GuideBuildError as error:
            print(f"quoting benchmark: error: the guide: {error}", file=sys.stderr)
            return 1
        write_json_atomically(args.out / "results.json", results)
    if args.instructions:
        try:
            results["instructions"] = measure_instructions(make_plan(size), args.out)
        except InstructionCountError as error:
            print(f"quoting benchmark: error: {error}", file=sys.stderr)
            return 1
        write_json_atomically(args.out / "results.json", results)
    print_summary(results)
    if "instructions" in results:
        print_ratios(results["instructions"]["counts"], results["instructions"]["ratios"])
    print(f"results written to {args.out / 'results.json'}")
    if not all(run["exact"] and run["page_exact"] for run in results["incremental"].values()):
        # A wrong dependency set is a correctness bug, not a slow figure: fail loudly.
        print(
            "quoting benchmark: error: the incremental rebuild re-read other pages than "
            "those quoting the touched config or page (see incremental in results.json)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
