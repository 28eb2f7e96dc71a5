"""Sphinx extension: the manifesto's verdicts on every quoted config, for marks and verdict lines.

It answers the ``configfile-evidence`` event of ``sphinx_configfile`` (see
``sphinx_configfile.evidence.marks``) with what ``manifesto check`` says about
the config: the checker runs through its public entry point
(``check.check_paths``, waivers from the nearest ``manifesto.toml``), once
per config file version per build. A config of a server the checker does
not know gets no answer (no verdict line, no warning); a config it knows but
cannot read is a warning at the listing.

Config values:

- ``manifesto_policy`` (``"require-fs"``): the policy the verdicts follow.
- ``manifesto_probe_results`` (``""``): committed live probe results
  (``make probe``), relative to the source directory; a config that has an
  entry there is shown as "live-verified".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx_configfile.evidence.marks import ConfigEvidence, RuleVerdict
from sphinx_configfile.state.memos import build_memo
from sphinx_configfile.state.rereads import note_awaited_file
from tls_manifesto.engine.check import check_paths
from tls_manifesto.engine.file_roles import file_role
from tls_manifesto.engine.includers import including_config
from tls_manifesto.engine.waivers import WAIVER_FILE_NAME, find_waiver_file
from tls_manifesto.report.rst import rule_label
from tls_manifesto.rules import ALL_RULES, Policy
from tls_manifesto.verdicts import Status, Verdict

from sphinx_manifesto.probe_results import ProbeResultsError, entry_covers, read_probe_results
from sphinx_manifesto.probe_table import TABLE_LABEL

logger = logging.getLogger(__name__)

SUMMARIES = tuple((rule.id, rule.summary) for rule in ALL_RULES)


class UnreadableConfig(Exception):
    """The checker knows the server but cannot read this file."""


def file_stamp(path: Path | None) -> tuple[str, int, int] | None:
    """What changes when a file changes: path, mtime and size (None: no such file)."""
    if path is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_mtime_ns, stat.st_size)


def is_known_server(path: Path) -> bool:
    """Whether the checker would read ``path`` as a server config (its one rule, as its walk)."""
    return file_role(path).kind is not None


def _rule_verdict(verdict: Verdict, shown: Path) -> RuleVerdict:
    status = verdict.status.value
    if verdict.status is Status.WAIVED:
        title = f"waived: {verdict.waiver_reason}"
    else:
        title = dict(SUMMARIES).get(verdict.rule, verdict.summary)
    # Lines of the quoted file only: the main file's, or an included file's (master.cf)
    # when that is what the listing shows.
    own = {e.line for e in verdict.evidence if Path(e.path).resolve() == shown}
    evidence = tuple(sorted(own)) if verdict.status is Status.PASS else ()
    reason = (verdict.waiver_reason or "") if verdict.status is Status.WAIVED else ""
    return RuleVerdict(
        verdict.rule, status, title, rule_label(verdict.rule), evidence, verdict.summary, reason
    )


@dataclass(frozen=True)
class JudgedConfig:
    """The checker's verdicts on one version of a config, and the files they rest on.

    Not ``tls_manifesto.rules.base.Judgement``, which is one rule at work.
    """

    server: str
    verdicts: tuple[RuleVerdict, ...]
    # Stamps of the files the checker read besides the config (its includes):
    # a change to any of them makes this judgement stale.
    includes: tuple[tuple[str, int, int] | None, ...]
    # Includes the config names that were not there: their arrival changes the verdicts.
    awaited: tuple[str, ...] = ()

    def is_current(self) -> bool:
        return all(stamp == file_stamp(Path(stamp[0])) for stamp in self.includes if stamp)


def judge(
    env: BuildEnvironment,
    config: tuple[str, int, int] | None,
    waivers: tuple[str, int, int] | None,
    policy: Policy,
    shown: Path | None = None,
) -> JudgedConfig:
    """The verdicts of one config version, judged once per build while it and its includes hold.

    ``config`` is the config's :func:`file_stamp`; ``None`` (gone) is unreadable.
    ``shown`` is the file whose cited lines the verdicts carry: the config itself,
    or one of its includes that a listing quotes.
    Kept for the build only (``build_state``): the next build judges again,
    so nothing a checker saw in an earlier build of this process is reused.
    """
    if config is None:
        raise UnreadableConfig("the config file is gone (deleted or moved during the build)")
    judgements: dict[tuple, JudgedConfig] = build_memo(env, "manifesto-judgements")
    shown = (shown or Path(config[0])).resolve()
    key = (config, waivers, policy, shown)
    cached = judgements.get(key)
    if cached is not None and cached.is_current():
        return cached
    run = check_paths([config[0]], policy=policy)
    if run.input_errors:
        raise UnreadableConfig(str(run.input_errors[0]))
    (check,) = run.checks
    includes = tuple(file_stamp(Path(source)) for source in check.sources[1:])
    verdicts = tuple(_rule_verdict(v, shown) for v in check.verdicts)
    judgement = JudgedConfig(check.server, verdicts, includes, check.awaited)
    judgements[key] = judgement
    return judgement


def nearer_waiver_files(config: Path, found: Path | None) -> list[Path]:
    """Where a ``manifesto.toml`` nearer to ``config`` than ``found`` would take over.

    The same walk as ``waivers.find_waiver_file``: the config's directory, then up.
    """
    nearer = []
    for directory in config.resolve().parents:
        candidate = directory / WAIVER_FILE_NAME
        if candidate == found:
            break
        nearer.append(candidate)
    return nearer


def note_verdict_inputs(
    env: BuildEnvironment, config: Path, waiver_file: Path | None, judgement: JudgedConfig | None
) -> None:
    """Make the page being read depend on every file its verdicts on ``config`` rest on.

    Files that exist are Sphinx dependencies; files whose arrival would change
    the verdicts (a nearer waiver file, an include not there yet) are awaited
    (``sphinx_configfile.state.rereads``): noted as dependencies, being missing, they
    would make Sphinx read the page on every build.
    """
    if waiver_file is not None:
        env.note_dependency(str(waiver_file))
    for nearer in nearer_waiver_files(config, waiver_file):
        note_awaited_file(env, env.docname, nearer)
    if judgement is None:
        return
    # An edit to an included file (ports.yml) changes the verdicts as much as one to the config.
    for stamp in judgement.includes:
        if stamp is not None:
            env.note_dependency(stamp[0])
    for include in judgement.awaited:
        note_awaited_file(env, env.docname, include)


def _probed_configs(env: BuildEnvironment, results: tuple[str, int, int] | None) -> tuple[str, ...]:
    """The ``config`` paths of the committed probe results (empty if unreadable)."""
    if results is None:
        return ()
    memo = build_memo(env, "manifesto-probed-configs")
    if results not in memo:
        try:
            servers = read_probe_results(results[0])
            memo[results] = tuple(entry["config"] for entry in servers.values())
        except (OSError, ProbeResultsError):
            memo[results] = ()  # the probe table reports a broken file, at its directive
    return memo[results]


def probe_results_path(srcdir: str | Path, config: Config) -> Path | None:
    """The committed probe results named by ``manifesto_probe_results``, if any."""
    name = config.manifesto_probe_results
    return (Path(srcdir) / name).resolve() if name else None


def is_live_verified(config_path: Path, probed: tuple[str, ...]) -> bool:
    return any(entry_covers(config_path, entry) for entry in probed)


def evidence_for(app: Sphinx, config_path: str, listing: Any = None) -> ConfigEvidence | None:
    """``configfile-evidence``: the manifesto's answer for one quoted config.

    A quoted file another config includes (a master.cf, a conf.d piece) gets the
    verdicts of that config, with the lines cited in the quoted file.
    """
    shown = Path(config_path)
    includer = _including_config(app.env, shown)
    path = includer or shown
    if includer is None and not is_known_server(path):
        return None
    if includer is not None:
        app.env.note_dependency(str(includer))  # its edits change these verdicts too
    waiver_file = find_waiver_file(path)
    results = probe_results_path(app.srcdir, app.config)
    # The page must be read again when the verdicts may change.
    if results is not None and results.exists():
        app.env.note_dependency(str(results))
    try:
        judgement = judge(
            app.env,
            file_stamp(path),
            file_stamp(waiver_file),
            app.config.manifesto_policy,
            shown,
        )
    except UnreadableConfig as error:
        note_verdict_inputs(app.env, path, waiver_file, None)
        logger.warning(
            "manifesto: no verdicts for this listing: %s",
            error,
            location=listing,
            type="manifesto",
            subtype="evidence",
        )
        return None
    note_verdict_inputs(app.env, path, waiver_file, judgement)
    return ConfigEvidence(
        server=judgement.server,
        verdicts=judgement.verdicts,
        summaries=SUMMARIES,
        live_verified=is_live_verified(path, _probed_configs(app.env, file_stamp(results))),
        live_target=TABLE_LABEL,
    )


def _including_config(env: BuildEnvironment, path: Path) -> Path | None:
    """The config that reads ``path`` as part of itself, looked for once per build."""
    found: dict[Path, Path | None] = build_memo(env, "manifesto-includers")
    if path not in found:
        found[path] = including_config(path)
    return found[path]


def setup_evidence(app: Sphinx) -> None:
    app.add_config_value("manifesto_policy", "require-fs", "env", types=[str])
    app.add_config_value("manifesto_probe_results", "", "env", types=[str])
    app.connect("configfile-evidence", evidence_for)
