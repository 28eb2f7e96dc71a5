"""Mutation testing with mutmut (``make mutation``): does each test suite notice a changed line?

mutmut imports mutated code from ``mutants/src`` (or ``./``, ``source/``),
and this repository keeps its packages in ``ext/`` and its guide in
``source/``; so each run stages a copy (``build/mutation/<group>/``) with
``ext`` as ``src``, the tests, and a ``[tool.mutmut]`` section naming the
modules to mutate and the fast tests that cover them. Groups run one after
another, each on the tests of its own modules only, so a run stays within
minutes on two cores.

Lines marked ``# pragma: no mutate`` carry a comment saying why a change
there cannot be observed (an equivalent mutant); so does each entry of
``EQUIVALENT``, which names a survivor by its function and changed line.
Prints each group's killed/total, the survivors ``EQUIVALENT`` explains,
and every other survivor; exits 1 if any of those remain.
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

_CASE_FREE = "cited_sources and default_origin match source keywords case-insensitively"
_SORTED = (
    "protocol names sort alphabetically in protocol order (SSLv2 < SSLv3 < TLSv1 < "
    "TLSv1.1 < TLSv1.2 < TLSv1.3), so the key changes nothing"
)
_FIRST_AT = (
    "first_at only spares judging a shared line again: the repeated findings are equal, "
    "and Judgement._merged joins them and drops the endpoint as first_at's caller would"
)
_FALSY = "None and False are both false where the flag is read"
_NO_CONFIG_WIDE = "no rule reports a finding about the config as a whole (endpoint None)"
_LINED = (
    "every endpoint an interpreter builds has its declaration line, so no finding is "
    "without a line where several share one"
)
# Survivors no test can kill: (function, text of the changed line, why nothing can observe
# the change). A survivor is explained when its name is the function's plus
# "__mutmut_N" and its changed line contains the text.
EQUIVALENT: tuple[tuple[str, str, str], ...] = (
    (
        "sphinx_configfile.excerpt.ranges.x__check_no_overlap",
        ".end >= ranges[furthest].end",
        "of two ranges ending on the same line either may stand for the furthest end: "
        "the next range overlaps both or neither",
    ),
    ("rules.im.c2s_tls_required.x__default_text", '"C2S_REQUIRE_ENCRYPTION"', _CASE_FREE),
    ("rules.tls.certificates.x_judge", "'CERTIFICATES'", _CASE_FREE),
    ("rules.tls.certificates.x_judge", '"CERTIFICATES"', _CASE_FREE),
    ("rules.tls.protocol_versions.x__never_offered_text", "never_offered_protocols, ", _SORTED),
    ("rules.tls.protocol_versions.x__default_text", "default_disabled_protocols, ", _SORTED),
    ("rules.tls.protocol_versions.x__report_enabled_protocols", "reported = None", _FALSY),
    (
        "rules.tls.protocol_versions.x__needs_level_0",
        '(ciphers or "XXXX")',
        "a missing cipher string is read as a text without @SECLEVEL=0, empty or 'XXXX' alike",
    ),
    (
        "rules.tls.protocol_versions.x__report_enabled_protocols",
        "return False",
        "after an unknown default there is no protocol setting to cite, so whether the "
        "caller reads 'reported' changes nothing",
    ),
    ("rules.tls.dh_parameters.x_judge", "files_judged = None", _FALSY),
    ("rules.base.xǁJudgementǁfirst_at", "if line is not None:", _FIRST_AT),
    (
        "rules.base.xǁJudgementǁfirst_at",
        "first = sharing",
        _FIRST_AT + " (sharing is never empty when returned: the endpoint was just added to it)",
    ),  # fmt: skip
    ("rules.tls.ecdh_curves.x_judge", "first_at(None, setting.evidence", _FIRST_AT),
    ("rules.tls.dh_parameters.x_judge", "first_at(None, setting.evidence", _FIRST_AT),
    (
        "rules.tls.dh_parameters.x_judge",
        "line = None",
        _FIRST_AT + " (no line: no first_at record)",
    ),
    ("rules.tls.dh_parameters.x_judge", "(setting and setting.evidence) and False", _FIRST_AT),
    (
        "rules.tls.dh_parameters.x_judge",
        "setting.evidence if (setting) or True else ()",
        "a file's line is cited only after _report_missing_file or _strong_enough judged "
        "one, so the setting is never None there",
    ),
    (
        "rules.tls.dh_parameters.x__strong_enough",
        "found.error is not None and found.prime_bits is None",
        "the loader sets exactly one of error and prime_bits on a file it measured",
    ),
    ("rules.base.xǁJudgementǁreport", "(endpoint is not None) or True", _NO_CONFIG_WIDE),
    ("rules.base.xǁJudgementǁreport", "(name is not None) or True", _NO_CONFIG_WIDE),
    ("rules.base.xǁJudgementǁ_unscoped_at_shared_lines", "f.line or 1", _LINED),
    ("rules.base.x__merged", "f.line or 1", _LINED),
    (
        "rules.base.x__merged",
        "endpoints=None)",
        "the grouping key's endpoints are replaced by the group's names before use",
    ),
    (
        "rules.tls.forward_secrecy.x_judge",
        'message.replace(" offered:", " by default:", ',
        "each message says ' offered:' once, so the replacement count changes nothing",
    ),
    (
        "rules.tls.ecdh_curves.x_judge",
        "CURVE_STRENGTH_BITS.get(c.lower(), 1)",
        "an unknown curve counts as 0 or 1 bits, both below 128, and is then named unknown",
    ),
    (
        "rules.tls.dh_parameters.x__strong_enough",
        "assert found is not None or found.measured",
        "the assertion restates what _report_missing_file already ensured",
    ),
)

GROUPS: dict[str, tuple[list[str], list[str]]] = {
    "ranges-paths": (
        ["src/sphinx_configfile/excerpt/ranges.py", "src/sphinx_configfile/excerpt/paths.py"],
        ["tests/configfile/quoting/test_ranges.py", "tests/configfile/quoting/test_paths.py"],
    ),
    "rules": (
        # The registry, base and policies, and the rules by chapter (rules/tls/, im/, ...).
        ["src/tls_manifesto/rules/*.py", "src/tls_manifesto/rules/*/*.py"],
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


def _mutmut() -> str:
    return str(Path(sys.executable).with_name("mutmut"))


def explained(workdir: Path, survivor: str) -> str | None:
    """Why ``survivor`` is an equivalent mutant, from ``EQUIVALENT``; None if unexplained."""
    function = survivor.rsplit("__mutmut_", 1)[0].removeprefix("tls_manifesto.")
    entries = [(text, why) for name, text, why in EQUIVALENT if name == function]
    if not entries:
        return None
    diff = subprocess.run(
        [_mutmut(), "show", survivor], cwd=workdir, capture_output=True, text=True, check=False
    ).stdout
    changed = [line[1:] for line in diff.splitlines() if line.startswith("+") and line[1:2] != "+"]
    return next((why for text, why in entries if any(text in line for line in changed)), None)


def run(group: str, workdir: Path, jobs: int) -> tuple[int, int, list[str]]:
    """Killed, total and the survivors' names of one group."""
    mutmut = _mutmut()
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
    if not Path(_mutmut()).exists():
        print(
            f"mutation: {_mutmut()} not found; `make mutation` installs it "
            "(pip install -e '.[mutation]')",
            file=sys.stderr,
        )
        return 2
    failed = False
    for group in args.groups:
        workdir = args.out / group
        stage(group, workdir, args.only)
        killed, total, survivors = run(group, workdir, args.jobs)
        score = 100 * killed / total if total else 0.0
        print(f"{group}: {killed}/{total} mutants killed ({score:.1f}%)")
        reasons = {name: explained(workdir, name) for name in survivors}
        equivalent = [name for name in survivors if reasons[name] is not None]
        unexplained = [name for name in survivors if reasons[name] is None]
        if equivalent:
            print(f"  {len(equivalent)} survivors are equivalent mutants:")
            for name in equivalent:
                print(f"    {name}: {reasons[name]}")
        for name in unexplained[:SHOWN_SURVIVORS]:
            print(f"  survived: {name}")
        if unexplained:
            print(
                f"  ({len(unexplained)} unexplained; see each with `mutmut show NAME` in {workdir})"
            )
        failed = failed or bool(unexplained) or total == 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
