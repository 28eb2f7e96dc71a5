"""The manifesto's answers to ``configfile check``: judge each quoted config.

The gate in ``sphinx_configfile`` asks through the events of
``sphinx_configfile.gate.judging``; this part answers them with the checker:
the policy's failures, the lines rules cite for a pass (the gate compares
them with the quoted lines), the server version judged, and which files the
checker reads as server configs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sphinx.application import Sphinx
from sphinx_configfile.gate.agreement import relative_path
from sphinx_configfile.gate.events import JUDGE_EVENT, SERVER_CONFIG_EVENT, SERVER_VERSIONS_EVENT
from sphinx_configfile.gate.judging import JudgeAnswer, JudgedAs, JudgeRequest
from sphinx_configfile.state.quotes import QuoteRecord
from tls_manifesto.engine.check import judge_config_file
from tls_manifesto.engine.file_roles import file_role
from tls_manifesto.engine.includers import including_config
from tls_manifesto.model import ConfigError, JudgedVersion, VersionOrigin
from tls_manifesto.servers import registry
from tls_manifesto.servers.versions import VersionOption
from tls_manifesto.verdicts import Status, Verdict

from sphinx_manifesto.evidence import is_known_server


def server_versions_problem(app: Sphinx, values: Sequence[str]) -> str | None:
    """``configfile-server-versions-problem``: the checker's objection to the values, or None."""
    try:
        VersionOption.parse(values, registry.server_names())
    except ValueError as error:
        return str(error)
    return None


def _no_policy_for(records: Sequence[QuoteRecord]) -> str:
    """``no policy for nginx``: the server named by the quote's highlighting language."""
    language = records[0].language
    server = language if language and language not in ("none", "text", "default") else None
    return f"no policy for {server or 'this server'}"


def _failures(verdict: Verdict, config_path: Path) -> list[tuple[str, str]]:
    if not verdict.findings:
        return [(relative_path(config_path), f"{verdict.rule}: {verdict.summary}")]
    return [
        (
            f"{relative_path(finding.path)}:{finding.line}" if finding.line else finding.path,
            f"{finding.rule}: {finding.message}",
        )
        for finding in verdict.findings
        if finding.waiver_reason is None  # excused by a scoped waiver: shown by manifesto
    ]


def _judged_as(judged: JudgedVersion | None) -> JudgedAs | None:
    if judged is None:
        return None
    assumed = judged.origin is VersionOrigin.ASSUMED
    return JudgedAs(judged.family, judged.version, judged.origin.value, assumed)


def judge(app: Sphinx, request: JudgeRequest) -> JudgeAnswer:
    """``configfile-judge``: the policy's verdicts on one quoted config.

    A file another config includes (a ``master.cf``, a ``conf.d`` piece) is
    judged as part of that config: the lines cited are those of this file.
    """
    quoted = request.config_path
    judged_path = including_config(quoted) or quoted
    if judged_path == quoted and not is_known_server(quoted):
        return JudgeAnswer(not_judged=_no_policy_for(request.records))
    versions = request.server_versions
    try:
        judged, verdicts = judge_config_file(
            judged_path,
            request.policy,
            version=VersionOption.parse(versions, registry.server_names()) if versions else None,
        )
    except (ConfigError, ValueError) as exc:
        return JudgeAnswer(failures=(("", str(exc)),), readable=False)
    failures: list[tuple[str, str]] = []
    cited: dict[int, set[str]] = {}
    shown_file = quoted.resolve()
    for verdict in verdicts:
        if verdict.status in (Status.FAIL, Status.WARN):
            failures.extend(_failures(verdict, judged_path))
        elif verdict.status is Status.PASS:
            for evidence in verdict.evidence:
                if Path(evidence.path).resolve() == shown_file:  # this file's lines only
                    cited.setdefault(evidence.line, set()).add(verdict.rule)
    return JudgeAnswer(
        failures=tuple(failures),
        cited={line: frozenset(rules) for line, rules in cited.items()},
        judged_as=_judged_as(judged),
    )


def _is_config(app: Sphinx, path: Path) -> bool:
    """The checker's one rule: a config it reads, another server's, or none."""
    return file_role(path).is_config


def setup_judge(app: Sphinx) -> None:
    app.connect(JUDGE_EVENT, judge)
    app.connect(SERVER_CONFIG_EVENT, _is_config)
    app.connect(SERVER_VERSIONS_EVENT, server_versions_problem)
