"""Benchmark of ``manifesto check`` (``make bench-checker``).

Prints two figures:

- the time to check each reference config in-process (load, parse, model,
  every rule, waivers), the median of ``--runs`` warm runs after one cold
  run, against the target of 60 ms per config (1% of one sslyze scan of a
  live server, about 6 s on loopback). The target is judged on the
  process's CPU time, which does not depend on what else the machine runs;
  the wall time is printed beside it;
- the CLI start-up: the wall time of ``python -m tls_manifesto.cli.main check``
  on one config in a fresh interpreter (median of ``--runs``), and the
  modules ``tls_manifesto.cli.main`` imports, of which sslyze must not be one.

Run: ``python benchmarks/checker.py [--runs N] [--configs DIR]``. A figure,
not a test: the machine's load decides the numbers; the exit status is 1
only when a config misses the target, so a CI log shows it.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tls_manifesto.engine.check import check_paths, config_files

TARGET_MS_PER_CONFIG = 60.0
PROJECT = Path(__file__).resolve().parents[1]


def check_once_ms(config: str) -> tuple[float, float]:
    """(CPU ms, wall ms) of one in-process check of ``config``."""
    cpu, wall = time.process_time(), time.perf_counter()
    run = check_paths([config])
    elapsed = ((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000)
    if run.input_errors:
        raise SystemExit(f"{config}: {run.input_errors[0]}")
    return elapsed


def in_process(configs: list[str], runs: int) -> dict[str, tuple[float, float, float]]:
    """Per config: (cold CPU ms, median warm CPU ms, median warm wall ms)."""
    figures = {}
    for config in configs:
        cold, _ = check_once_ms(config)
        warm = [check_once_ms(config) for _ in range(runs)]
        cpu = statistics.median(c for c, _ in warm)
        wall = statistics.median(w for _, w in warm)
        figures[config] = (cold, cpu, wall)
    return figures


def cli_start_up_ms(config: str, runs: int) -> tuple[float, float]:
    """(median CPU ms, median wall ms) of the CLI checking ``config`` in a fresh interpreter."""
    command = [sys.executable, "-m", "tls_manifesto.cli.main", "check", config]
    cpu_times, wall_times = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, cwd=PROJECT)
        wall_times.append((time.perf_counter() - started) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        cpu_times.append(used * 1000)
    return statistics.median(cpu_times), statistics.median(wall_times)


def cli_imports() -> list[str]:
    """The modules a fresh ``import tls_manifesto.cli.main`` loads."""
    code = "import sys, tls_manifesto.cli.main; print('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT
    )
    return result.stdout.split()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm runs per figure (median)")
    parser.add_argument("--configs", type=Path, default=PROJECT / "configs")
    args = parser.parse_args(argv)
    configs = [str(Path(c).relative_to(PROJECT)) for c in config_files([args.configs])]
    figures = in_process(configs, args.runs)
    target = f"target <= {TARGET_MS_PER_CONFIG:.0f} ms CPU"
    print(f"manifesto check in-process, per config ({target}):")
    for config, (cold, cpu, wall) in figures.items():
        print(f"  {cpu:6.1f} ms CPU warm  {cold:6.1f} ms CPU cold  {wall:7.1f} ms wall  {config}")
    warm_all = [cpu for _, cpu, _ in figures.values()]
    worst = max(warm_all)
    print(
        f"  mean {statistics.mean(warm_all):.1f} ms CPU, worst {worst:.1f} ms CPU over "
        f"{len(configs)} configs"
    )
    start_up_cpu, start_up_wall = cli_start_up_ms(configs[0], args.runs)
    modules = cli_imports()
    sslyze = [m for m in modules if m == "sslyze" or m.startswith("sslyze.")]
    print(
        f"CLI start-up: {start_up_cpu:.0f} ms CPU, {start_up_wall:.0f} ms wall for "
        f"`manifesto check {configs[0]}` (median)"
    )
    print(
        f"  import tls_manifesto.cli.main loads {len(modules)} modules; sslyze: "
        f"{'loaded (it should not be)' if sslyze else 'not loaded'}"
    )
    return 1 if worst > TARGET_MS_PER_CONFIG or sslyze else 0


if __name__ == "__main__":
    sys.exit(main())
