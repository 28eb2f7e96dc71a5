"""Mutation testing with mutmut (``make mutation``): does each test suite notice a changed line?

mutmut imports mutated code from ``mutants/src`` (or ``./``, ``source/``),
and this repository keeps its packages in ``ext/`` and its guide in
``source/``; so each run stages a copy (``build/mutation/<group>/``) with
``ext`` as ``src``, the tests, and a ``[tool.mutmut]`` section naming the
modules to mutate and the fast tests that cover them. Groups run one after
another, each on the tests of its own modules only, so a run stays within
minutes on two cores.

Lines marked ``# pragma: no mutate`` carry a comment saying why a change
there cannot be observed (an equivalent mutant). Prints each group's
killed/total and every survivor; exits 1 if any mutant survived.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHOWN_SURVIVORS = 40

GROUPS: dict[str, tuple[list[str], list[str]]] = {
    "ranges-paths": (
        ["src/sphinx_configfile/ranges.py", "src/sphinx_configfile/paths.py"],
        ["tests/configfile/test_ranges.py", "tests/configfile/test_paths.py"],
    ),
    "rules": (
        ["src/tls_manifesto/rules/*"],
        ["tests/manifesto/rules", "-m", "not live"],
    ),
}


def stage(group: str, workdir: Path, only: list[str]) -> None:
    only_mutate, tests = GROUPS[group]
    if only:
        only_mutate = _narrowed(group, only_mutate, only)
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(PROJECT_ROOT / "ext", workdir / "src", ignore=ignore)
    shutil.copytree(PROJECT_ROOT / "tests", workdir / "tests", ignore=ignore)
    shutil.copytree(PROJECT_ROOT / "configs", workdir / "configs", ignore=ignore)
    pyproject = (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject += "\n[tool.mutmut]\n" + "\n".join(
        [
            'source_paths = ["src"]',
            f"only_mutate = {json.dumps(only_mutate)}",
            f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
            'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]',
            'also_copy = ["configs"]',  # the reference configs some rule tests read
        ]
    )
    (workdir / "pyproject.toml").write_text(pyproject + "\n", encoding="utf-8")


def _narrowed(group: str, only_mutate: list[str], only: list[str]) -> list[str]:
    """The group's modules whose file name is in ``only`` (a quicker run while working on one)."""
    ext = PROJECT_ROOT / "ext"
    chosen = [
        f"src/{path.relative_to(ext).as_posix()}"
        for pattern in only_mutate
        for path in sorted(ext.glob(pattern.removeprefix("src/")))
        if path.name in only
    ]
    if not chosen:
        raise SystemExit(f"mutation: no module of group {group} is named {', '.join(only)}")
    return chosen


def run(group: str, workdir: Path, jobs: int) -> tuple[int, int, list[str]]:
    """Killed, total and the survivors' names of one group."""
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    subprocess.run(
        [mutmut, "run", "--max-children", str(jobs)],
        cwd=workdir,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    listing = subprocess.run(
        [mutmut, "results", "--all", "true"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    statuses = dict(re.findall(r"^\s*(\S+): (\S+.*)$", listing, re.M))
    survivors = sorted(name for name, status in statuses.items() if status != "killed")
    return len(statuses) - len(survivors), len(statuses), survivors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", default=sorted(GROUPS), choices=sorted(GROUPS))
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "build" / "mutation")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="FILE",
        help="mutate only this module of the group (file name, e.g. dh_parameters.py; repeatable)",
    )
    args = parser.parse_args()
    failed = False
    for group in args.groups:
        workdir = args.out / group
        stage(group, workdir, args.only)
        killed, total, survivors = run(group, workdir, args.jobs)
        score = 100 * killed / total if total else 0.0
        print(f"{group}: {killed}/{total} mutants killed ({score:.1f}%)")
        for name in survivors[:SHOWN_SURVIVORS]:
            print(f"  survived: {name}")
        if survivors:
            print(f"  ({len(survivors)} in all; see each with `mutmut show NAME` in {workdir})")
        failed = failed or bool(survivors) or total == 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
