"""The agreement gate: do the guide's quotes and the reference configs agree?

``configfile check`` fails when a quote names a missing config or a bad
range, a config is quoted nowhere, or the lock is missing or out of date;
and, as ``gate_options`` asks, when a quoted config fails the manifesto
policy or a line a manifesto rule cites as evidence for a pass is not shown.
The quotes are collected by building the guide with Sphinx's ``dummy``
builder, so the gate resolves every quote exactly as the real build does;
the configs are judged by whichever extension answers the events of
``judging.py``.
"""

from __future__ import annotations

import contextlib
import fnmatch
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hardening_guide_tools.file_kinds import not_config_reason
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.console import strip_colors
from sphinx.util.docutils import docutils_namespace

from sphinx_configfile.errors import ConfigfileToolError
from sphinx_configfile.excerpt.paths import configs_root
from sphinx_configfile.excerpt.ranges import LineRange
from sphinx_configfile.gate.events import (
    JUDGE_EVENT,
    NO_JUDGE,
    SERVER_CONFIG_EVENT,
    SERVER_VERSIONS_EVENT,
)
from sphinx_configfile.gate.judging import JudgeAnswer, JudgedAs, JudgeRequest
from sphinx_configfile.gate.options import SETTING_PROBLEMS, GateOptions, options_from_config
from sphinx_configfile.lock import lock_path_of
from sphinx_configfile.lock.model import (
    CurrentQuote,
    compare_with_lock,
    current_quotes,
    load_lock,
    stale_message,
    unlocked_message,
)
from sphinx_configfile.state.quotes import QuoteRecord, quotes_of

# The coverage table's word for a quoted config no policy judges (a web or
# mail server the checker has no rules for, or every config when the policy
# is "none"): quoted and locked like any other, and said so rather than
# passed silently. Not a failure.
NOT_JUDGED = "not judged"


class ProjectError(ConfigfileToolError):
    """The guide cannot be read at all (no conf.py, broken conf.py): exit status 2."""


def _nobody_answers(event: str, *args: Any) -> None:
    return None


@dataclass(frozen=True)
class Project:
    """The guide's quotes as a build makes them, and the settings that locate files."""

    srcdir: Path
    configs_root: Path
    lock_path: Path
    orphans_ok: tuple[str, ...]
    quotes_by_doc: Mapping[str, Sequence[QuoteRecord]]  # docname -> quotes, in document order
    build_warnings: tuple[str, ...]
    gate_options: GateOptions = GateOptions()  # as conf.py sets them
    # The build's app.emit_firstresult: asks the extensions that judge configs.
    ask: Callable[..., Any] = _nobody_answers

    def records(self) -> list[QuoteRecord]:
        return [record for doc in sorted(self.quotes_by_doc) for record in self.quotes_by_doc[doc]]

    def current(self) -> list[CurrentQuote]:
        return current_quotes(self.quotes_by_doc)


def _short_sphinx_error(exc: Exception) -> str:
    """Sphinx puts a traceback of conf.py into some messages; keep its first and last line."""
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[0] if len(lines) < 2 else f"{lines[0]} {lines[-1].strip()}"


def _split_warnings(stream: str) -> tuple[str, ...]:
    """One entry per warning; continuation lines stay with their warning.

    Sphinx colours its warnings unless sphinx-build turned colour off; an
    application made here keeps it on, and escape codes would reach a CI log
    or a terminal that is not one (``configfile check 2> log``).
    """
    warnings: list[str] = []
    for line in strip_colors(stream).splitlines():
        if "WARNING:" in line or "ERROR:" in line or not warnings:
            warnings.append(line)
        else:
            warnings[-1] += "\n" + line
    return tuple(warning for warning in warnings if warning.strip())


def load_project(source_dir: Path) -> Project:
    """Build the guide in ``source_dir`` with the dummy builder and collect its quotes."""
    conf = source_dir / "conf.py"
    if not conf.is_file():
        raise ProjectError(f"{conf}: no Sphinx conf.py here (pass --source DIR)")
    warnings = io.StringIO()
    with (
        tempfile.TemporaryDirectory(prefix="configfile-") as temp,
        docutils_namespace(),
        # What conf.py or an extension prints goes to stderr: stdout carries
        # the report, and `check --format json` must stay JSON.
        contextlib.redirect_stdout(sys.stderr),
    ):
        try:
            app = Sphinx(
                source_dir,
                source_dir,
                Path(temp) / "out",
                Path(temp) / "doctrees",
                "dummy",
                # The gate reports lock drift itself, with more detail.
                confoverrides={"configfile_lock_check": False},
                status=None,
                warning=warnings,
                freshenv=True,
            )
            app.build(force_all=True)
        except SphinxError as exc:
            raise ProjectError(f"{conf}: {_short_sphinx_error(exc)}") from None
        if "configfile_lock" not in app.config:
            raise ProjectError(
                f"{conf}: the configfile extension is not loaded "
                '(add "sphinx_configfile" to extensions)'
            )
        setting_problems = SETTING_PROBLEMS.get(app)
        if setting_problems:
            raise ProjectError(setting_problems[0])
        return Project(
            srcdir=Path(app.srcdir),
            configs_root=configs_root(app.confdir, app.config.configfile_root),
            lock_path=lock_path_of(app.srcdir, app.config.configfile_lock),
            orphans_ok=tuple(app.config.configfile_orphans_ok),
            quotes_by_doc={doc: list(records) for doc, records in quotes_of(app.env).items()},
            build_warnings=_split_warnings(warnings.getvalue()),
            gate_options=options_from_config(app.config),
            ask=app.emit_firstresult,
        )


# --- findings of the gate ------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One reason the gate fails: ``location: check: message``."""

    check: str  # build, policy, orphan, coverage, lock
    location: str  # path:line, or path
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.check}: {self.message}" if self.location else self.message


@dataclass(frozen=True)
class CoverageRow:
    """For one quoted config: lines rules cite for a pass, lines the guide shows."""

    config: str
    relevant: tuple[int, ...]
    shown: tuple[int, ...]
    not_judged: str | None = None  # why no policy judged it: "no policy for nginx"
    judged_version: JudgedAs | None = None

    @property
    def has_policy(self) -> bool:
        return self.not_judged is None

    @property
    def note(self) -> str | None:
        """``not judged (no policy for nginx)``, or None for a judged config."""
        return f"{NOT_JUDGED} ({self.not_judged})" if self.not_judged else None

    @property
    def missing(self) -> tuple[int, ...]:
        shown = set(self.shown)
        return tuple(line for line in self.relevant if line not in shown)


@dataclass(frozen=True)
class AgreementReport:
    problems: tuple[Problem, ...]
    coverage: tuple[CoverageRow, ...] = field(default=())
    options: GateOptions = GateOptions()

    @property
    def ok(self) -> bool:
        return not self.problems


def relative_path(path: Path | str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def build_problems(project: Project) -> list[Problem]:
    """Every warning of the build: missing configs, bad ranges, unreadable files, ..."""
    return [Problem("build", "", warning) for warning in project.build_warnings]


def _quoted_configs(project: Project) -> dict[Path, list[QuoteRecord]]:
    by_config: dict[Path, list[QuoteRecord]] = {}
    for record in project.records():
        by_config.setdefault(Path(os.path.realpath(record.config_path)), []).append(record)
    return by_config


def server_versions_problem(project: Project, values: Sequence[str]) -> str | None:
    """What the judge finds wrong with ``--server-version`` values, or None."""
    return project.ask(SERVER_VERSIONS_EVENT, tuple(values)) if values else None


def _judge(project: Project, request: JudgeRequest) -> JudgeAnswer:
    answer = project.ask(JUDGE_EVENT, request)
    return answer if isinstance(answer, JudgeAnswer) else JudgeAnswer(not_judged=NO_JUDGE)


def policy_and_coverage(
    project: Project, options: GateOptions | None = None
) -> tuple[list[Problem], list[CoverageRow]]:
    """Have each quoted config judged; collect failures and evidence coverage."""
    options = options or project.gate_options
    problems: list[Problem] = []
    rows: list[CoverageRow] = []
    for config_path, records in sorted(_quoted_configs(project).items()):
        relpath = records[0].config_relpath
        shown = _shown_lines(records)
        if not options.judges:
            rows.append(CoverageRow(relpath, (), shown, not_judged="policy none"))
            continue
        request = JudgeRequest(
            config_path, relpath, records, options.policy, options.versions_for(relpath)
        )
        answer = _judge(project, request)
        problems.extend(Problem("policy", *failure) for failure in answer.failures)
        if not answer.readable:
            continue
        if answer.not_judged is not None:
            rows.append(CoverageRow(relpath, (), shown, not_judged=answer.not_judged))
            continue
        cited = answer.cited
        row = CoverageRow(relpath, tuple(sorted(cited)), shown, judged_version=answer.judged_as)
        rows.append(row)
        for line in row.missing if options.coverage else ():
            rules = ", ".join(sorted(cited[line]))
            verb = "cites" if len(cited[line]) == 1 else "cite"
            problems.append(
                Problem(
                    "coverage",
                    f"{relative_path(config_path)}:{line}",
                    f"{rules} {verb} this line for a pass, but no quote shows it "
                    "(add it to a :lines: of a quote of this config, "
                    "or set configfile_check_coverage = False)",
                )
            )
    return problems, rows


def assumed_version_notes(rows: Iterable[CoverageRow]) -> list[str]:
    """For each config judged as the newest release for want of a stated one: say so, and how."""
    notes = []
    for row in rows:
        judged = row.judged_version
        if judged is None or not judged.assumed:
            continue
        family, version = judged.family, judged.version or "VERSION"
        notes.append(
            f"{row.config}: judged as {family} {version}, the newest release known, for want "
            f"of a stated version (state it with a version directory in its path, "
            f"{family}/{version}/, with --server-version {family}={version}, or in conf.py "
            f'with configfile_server_versions = {{"{row.config}": "{family}={version}"}})'
        )
    return notes


def _shown_lines(records: Sequence[QuoteRecord]) -> tuple[int, ...]:
    return tuple(sorted({n for r in records for span in r.ranges for n in _lines(span)}))


def _lines(line_range: LineRange) -> range:
    return range(line_range.start, line_range.end + 1)


def is_config_file(path: Path, project_ask: Callable[..., Any] = _nobody_answers) -> bool:
    """Whether the guide should quote ``path``: a config of any server, known to the checker or not.

    The checker answers through ``configfile-is-server-config`` when a
    project loads it (its one rule, ``tls_manifesto.engine.file_roles``, so
    the gate and ``manifesto check`` never disagree about a file); without
    it, the rule both share for files no server reads decides
    (``hardening_guide_tools.file_kinds``): key material, notes and data are
    no configs; an nginx ``default`` or a Postfix ``main.cf`` is one.
    """
    answer = project_ask(SERVER_CONFIG_EVENT, path)
    if answer is not None:
        return bool(answer)
    return not_config_reason(path) is None


def orphan_problems(project: Project) -> list[Problem]:
    """Configs under the configs root that no quote shows and no allow-list entry keeps."""
    quoted = set(_quoted_configs(project))
    problems = []
    for path in sorted(project.configs_root.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.parts):
            continue
        relpath = path.relative_to(project.configs_root).as_posix()
        if Path(os.path.realpath(path)) in quoted:
            continue
        if any(fnmatch.fnmatchcase(relpath, pattern) for pattern in project.orphans_ok):
            continue
        if not is_config_file(path, project.ask):
            continue
        problems.append(
            Problem(
                "orphan",
                relative_path(path),
                "config is quoted nowhere in the guide (quote it, delete it, or list "
                f"{relpath!r} in configfile_orphans_ok in conf.py)",
            )
        )
    return problems


def lock_problems(project: Project) -> list[Problem]:
    """Missing lock, quotes that drifted from it, quotes not in it, entries no quote makes."""
    if not project.lock_path.exists():
        return [Problem("lock", "", f"{project.lock_path}: no lock file (run `configfile lock`)")]
    lock = load_lock(project.lock_path)  # a broken lock is bad input (LockError, exit 2)
    comparison = compare_with_lock(project.current(), lock)
    problems = [
        Problem(
            "lock", f"{relative_path(d.quote.record.source)}:{d.quote.record.lineno}", d.describe()
        )
        for d in comparison.drifts
    ]
    problems += [
        Problem("lock", f"{relative_path(q.record.source)}:{q.record.lineno}", unlocked_message(q))
        for q in comparison.unlocked
    ]
    problems += [
        Problem("lock", relative_path(project.lock_path), stale_message(entry))
        for entry in comparison.stale
    ]
    return problems


def check_agreement(project: Project, options: GateOptions | None = None) -> AgreementReport:
    """The whole gate; ``options`` (default: conf.py's) say what is asked of quoted configs."""
    options = options or project.gate_options
    policy_found, coverage = policy_and_coverage(project, options)
    problems = (
        build_problems(project) + policy_found + orphan_problems(project) + lock_problems(project)
    )
    return AgreementReport(tuple(problems), tuple(coverage), options)
