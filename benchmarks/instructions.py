"""Instructions the bench's builds execute, counted under Valgrind (``quoting.py --instructions``).

CPU time on a shared machine drifted by a quarter between rounds of the same
build, more than some of the differences the targets ask about. The number
of instructions a build executes does not depend on the machine's load: it
is the figure that settles a ratio within that noise. Each build runs under
``valgrind --tool=callgrind`` (about 50 times slower; two at a time), and
the count is callgrind's ``Collected`` total of the ``sphinx-build`` process.

Measured: the fresh builds of every variant with the search index on and
off, then the rebuilds after touching one page (the quoteless guide,
literalinclude, configfile) and one config (both directives).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

_COLLECTED = re.compile(r"Collected : (\d+)")
STDERR_TAIL_LINES = 15


class InstructionCountError(Exception):
    """Valgrind is missing, or a build under it failed: the message says which."""


@dataclass(frozen=True)
class CountedBuild:
    """One sphinx-build to count: its source, output, search mode, and what to touch first."""

    name: str
    srcdir: Path
    outdir: Path
    search: bool
    fresh: bool = True
    touch: Path | None = None  # set ahead before an incremental build, put back after


def valgrind() -> str:
    found = shutil.which("valgrind")
    if found is None:
        raise InstructionCountError(
            "valgrind is not installed (apt-get install valgrind), so no instruction counts"
        )
    return found


def count_instructions(build: CountedBuild, program: str) -> int:
    """Instructions of one build of ``build.srcdir`` under callgrind."""
    if build.fresh and build.outdir.exists():
        shutil.rmtree(build.outdir)
    sphinx = [sys.executable, "-m", "sphinx", "-b", "html", "-N", "-q"]
    sphinx += [str(build.srcdir), str(build.outdir)]
    command = [program, "--tool=callgrind", "--callgrind-out-file=/dev/null", *sphinx]
    env = {**os.environ, "QUOTING_BENCH_SEARCH": "on" if build.search else "off"}
    before = build.touch.stat() if build.touch else None
    if build.touch:
        # Newer than the last read of every page, as an edit now would be.
        ahead = time.time_ns() + 2_000_000_000
        os.utime(build.touch, ns=(ahead, ahead))
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    finally:
        if build.touch and before:
            os.utime(build.touch, ns=(before.st_atime_ns, before.st_mtime_ns))
            # Not counted: configfile reads again the pages of a config whose
            # time went back (quoting.py's _rebuild_after_touching says why),
            # so the next count starts from a settled build.
            subprocess.run(sphinx, capture_output=True, env=env, check=False)
    counted = _COLLECTED.findall(done.stderr)
    if done.returncode != 0 or not counted:
        tail = "\n".join(done.stderr.splitlines()[-STDERR_TAIL_LINES:])
        raise InstructionCountError(f"{build.name}: the build under valgrind failed\n{tail}")
    return int(counted[-1])


def count_all(
    groups: list[list[CountedBuild]], report: Callable[[str], None] = print
) -> dict[str, int]:
    """Count every build; the builds of one group run in order, the groups two at a time.

    A group is the builds that share an output directory (a fresh build,
    then its rebuilds), so no two builds touch one directory at once.
    """
    program = valgrind()

    def run(group: list[CountedBuild]) -> dict[str, int]:
        counts = {}
        for build in group:
            counts[build.name] = count_instructions(build, program)
            report(f"instructions: {build.name}: {counts[build.name] / 1e9:.3f} G")
        return counts

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, groups))
    return {name: count for counts in results for name, count in counts.items()}


def ratios(counts: dict[str, int]) -> dict[str, float | None]:
    """The bench's ratios from instruction counts (names as ``quoting.py`` gives them)."""

    def share(ours: float, base: float, theirs: float) -> float | None:
        return (ours - base) / (theirs - base) if theirs > base else None

    figures: dict[str, float | None] = {}
    for mode in ("on", "off"):
        floor, parse = counts[f"floor-{mode}"], counts[f"directive-floor-{mode}"]
        literal, ours = counts[f"literalinclude-{mode}"], counts[f"configfile-{mode}"]
        figures[f"overhead-{mode}"] = share(ours, floor, literal)
        figures[f"directive-floor-{mode}"] = share(parse, floor, literal)
        above = share(ours - parse + floor, floor, literal)
        figures[f"above-directive-floor-{mode}"] = above
    page = counts["literalinclude-page"]
    figures["page-rebuild"] = counts["configfile-page"] / page
    figures["page-rebuild-bound"] = counts["floor-page"] / page
    figures["config-rebuild"] = counts["configfile-config"] / counts["literalinclude-config"]
    return figures


def print_ratios(counts: dict[str, int], figures: dict[str, float | None]) -> None:
    print("instruction counts (Valgrind; the machine's load does not move them)")
    for name, count in sorted(counts.items()):
        print(f"  {name:>28}: {count / 1e9:8.3f} G")
    lines = (
        ("above the directive floor, index on (target <= 0.3)", "above-directive-floor-on"),
        ("above the directive floor, index off (target <= 0.3)", "above-directive-floor-off"),
        ("the directive floor's own ratio, index on", "directive-floor-on"),
        ("the directive floor's own ratio, index off", "directive-floor-off"),
        ("rebuild after touching one page (target <= 1.0)", "page-rebuild"),
        ("  the quoteless guide's page rebuild (the bound)", "page-rebuild-bound"),
        ("rebuild after touching one config (target <= 0.8)", "config-rebuild"),
    )
    for label, key in lines:
        value = figures[key]
        print(f"  {label}: {'n/a' if value is None else f'{value:.3f}'}")
