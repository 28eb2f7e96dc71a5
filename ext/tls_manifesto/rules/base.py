"""The rule unit: an id, what it checks, its sources, and a judgement over the model.

``Rule.check`` is the skeleton every rule shares: pick the endpoints the rule
is about (its ``Scope``), answer not-applicable when there are none, let the
rule's ``judge`` function cite lines and report findings on a ``Judgement``,
and turn what it collected into one ``Verdict``. A rule module holds only its
own judgement. Rules read only the ``ServerConfig`` model: they never know
the file format and open no file (the loader measures DH parameters files
into the model for MF006). Adding a check is adding a module in this package
and naming it in ``tls_manifesto.rules.ALL_RULES``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tls_manifesto.model import (
    CHAPTERS,
    Chapter,
    Endpoint,
    Evidence,
    ServerConfig,
    ServerProfile,
    Setting,
    Source,
)

# MANIFESTO, POLICIES and Policy are re-exported: the rules and the engine import them here.
from tls_manifesto.rules.policies import DEFAULT_POLICY, Requirements, requirements
from tls_manifesto.rules.policies import MANIFESTO as MANIFESTO
from tls_manifesto.rules.policies import POLICIES as POLICIES
from tls_manifesto.rules.policies import Policy as Policy
from tls_manifesto.verdicts import Finding, Severity, Status, Verdict


@dataclass(frozen=True)
class CheckOptions:
    policy: Policy = DEFAULT_POLICY


class NotApplicable(Exception):
    """Raised by a judge that finds nothing to judge past its scope; the reason is the summary."""


@dataclass(frozen=True)
class Scope:
    """The endpoints a rule judges, and its not-applicable summary when there are none."""

    select: Callable[[ServerConfig], Iterable[Endpoint]]
    none_text: str


@dataclass
class Judgement:
    """What a rule collects while it judges one config.

    ``cite`` records the lines a pass rests on; ``report`` a finding (an
    error fails the verdict, a warning makes it ``warn``, a note changes
    nothing). ``first_at`` helps rules that judge one config line many
    endpoints inherit (a global cipher list): the line is judged once, and
    a finding there is about no single endpoint, so a waiver scoped to one
    of them cannot excuse it.
    """

    rule_id: str
    config: ServerConfig
    options: CheckOptions
    endpoints: tuple[Endpoint, ...]
    evidence: list[Evidence] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    _sharing: dict[tuple[str, int], set[str]] = field(default_factory=dict)

    @property
    def profile(self) -> ServerProfile:
        return self.config.profile

    @property
    def requirements(self) -> Requirements:
        """What the policy asks of this config's chapter."""
        return requirements(self.options.policy, self.config.chapter)

    @property
    def failed(self) -> bool:
        """True once a finding that counts (an error or a warning) was reported."""
        return any(f.severity is not Severity.NOTE for f in self.findings)

    def cite(self, evidence: Iterable[Evidence]) -> None:
        self.evidence.extend(evidence)

    def report(
        self,
        severity: Severity,
        endpoint: Endpoint | None,
        message: str,
        *,
        detail: str = "",
        line: int | None = None,
        evidence: Iterable[Evidence] | None = None,
    ) -> None:
        """A finding about ``endpoint`` (None: the config as a whole).

        ``line`` and ``evidence`` default to where the endpoint is declared.
        The finding is in the file of the evidence at ``line`` (an included
        file when the value is set there), else in the config's main file.
        """
        if endpoint is not None:
            line = line if line is not None else endpoint_line(endpoint)
            evidence = endpoint.evidence if evidence is None else evidence
        cited = tuple(evidence or ())
        path = self._path_at(line, cited)
        name = endpoint.name if endpoint is not None else None
        self.findings.append(
            Finding(
                self.rule_id,
                severity,
                path,
                line,
                message,
                cited,
                name,
                endpoints=(name,) if name is not None else (),
                detail=detail,
            )
        )

    def report_unknown_default(self, endpoint: Endpoint, what: str) -> None:
        """An error: the endpoint leaves ``what`` to a default this server version has not known.

        Never pass what cannot be seen: the finding names what is missing and how to
        settle it (set the value, or name a known version).
        """
        why = self.profile.unknown or f"the table has no {what} default for {self.server}"
        self.report(
            Severity.ERROR,
            endpoint,
            f"no {what} set, and the default of {self.server} is not known",
            detail=f"{why}; set it, or name a known version with --server-version",
        )

    @property
    def server(self) -> str:
        return server_name(self.config)

    def first_at(self, line: int | None, evidence: Iterable[Evidence], endpoint: Endpoint) -> bool:
        """Record that ``endpoint`` takes its value from ``line`` (of the file ``evidence``
        cites there); True the first time. The same line number of another file (an
        include) is another setting.
        """
        if line is None:
            return True
        where = (self._path_at(line, tuple(evidence)), line)
        sharing = self._sharing.setdefault(where, set())
        first = not sharing
        sharing.add(endpoint.name)
        return first

    def _path_at(self, line: int | None, evidence: tuple[Evidence, ...]) -> str:
        """The file of the evidence at ``line`` (an included file), else the main file."""
        return next((e.path for e in reversed(evidence) if e.line == line), self.config.path)

    def verdict(self, summary: str) -> Verdict:
        """Fail on an error, warn on warnings only, else pass; findings sorted, one per place."""
        findings = _merged(self._unscoped_at_shared_lines())
        if any(f.severity is Severity.ERROR for f in findings):
            status = Status.FAIL
        elif any(f.severity is Severity.WARNING for f in findings):
            status = Status.WARN
        else:
            status = Status.PASS
        cited = tuple(sorted(set(self.evidence)))
        return Verdict(self.rule_id, self.config.path, status, summary, cited, findings)

    def _unscoped_at_shared_lines(self) -> list[Finding]:
        shared = {where: names for where, names in self._sharing.items() if len(names) > 1}
        return [
            dataclasses.replace(f, endpoint=None, endpoints=tuple(sorted(shared[where])))
            if (where := (f.path, f.line or 0)) in shared
            else f
            for f in self.findings
        ]


def _merged(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """One finding per place and message: endpoints sharing a declaration say it once.

    (A Prosody VirtualHost serves c2s and s2s from one line.) The endpoint, a
    scoped waiver's target, is kept only when all agree on it.
    """
    groups: dict[Finding, list[Finding]] = {}
    for finding in findings:
        key = dataclasses.replace(finding, endpoint=None, endpoints=())
        groups.setdefault(key, []).append(finding)
    merged = []
    for key, group in groups.items():
        targets = {f.endpoint for f in group}
        names = tuple(dict.fromkeys(n for f in group for n in f.endpoints))
        target = next(iter(targets)) if len(targets) == 1 else None
        merged.append(dataclasses.replace(key, endpoint=target, endpoints=names))
    return tuple(sorted(merged, key=lambda f: (f.line or 0, f.severity.value, f.message)))


_CHAPTER_NAMES = {"im": "IM", "web": "web", "mail": "mail"}


@dataclass(frozen=True)
class Rule:
    id: str  # "MF001"
    summary: str  # one line
    severity: Severity  # of the findings it reports, unless a finding says otherwise
    applies_to: tuple[str, ...]  # server versions and the options they use
    documentation: str  # a paragraph; cites its sources
    sources: tuple[Source, ...]
    scope: Scope
    # Cites and reports on the Judgement; returns the verdict's summary.
    judge: Callable[[Judgement], str]
    # The chapters whose servers it judges; a config of another chapter gets no verdict.
    chapters: tuple[Chapter, ...] = CHAPTERS

    @property
    def help_uri(self) -> str:
        return self.sources[0].url

    @property
    def judges(self) -> str:
        """Whose servers it judges, for readers: "IM servers", "web and mail servers"."""
        names = [_CHAPTER_NAMES[c] for c in self.chapters]
        joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        return f"{joined} servers"

    def check(self, config: ServerConfig, options: CheckOptions) -> Verdict:
        endpoints = tuple(self.scope.select(config))
        if not endpoints:
            return not_applicable(self.id, config, self.scope.none_text)
        judgement = Judgement(self.id, config, options, endpoints)
        try:
            summary = self.judge(judgement)
        except NotApplicable as reason:
            return not_applicable(self.id, config, str(reason))
        return judgement.verdict(summary)


def uses_tls(endpoint: Endpoint, profile: ServerProfile | None = None) -> bool:
    """True when the endpoint can carry TLS at all (direct TLS, STARTTLS offered or required).

    With ``profile``, an endpoint whose TLS requirement the config leaves to a
    default that requires TLS (Prosody 0.12 c2s/s2s) counts too.
    """
    flags = (
        endpoint.direct_tls,
        endpoint.starttls_offered,
        endpoint.tls_required,
        endpoint.peer_authentication_required,
    )
    if any(flag is not None and flag.value for flag in flags):
        return True
    return profile is not None and requires_tls_by_default(endpoint, profile)


def tls_endpoints(config: ServerConfig) -> list[Endpoint]:
    """The endpoints that carry TLS, the ones most rules judge."""
    return [e for e in config.endpoints if uses_tls(e, config.profile)]


TLS_ENDPOINTS = Scope(tls_endpoints, "no endpoint offers TLS")


_BELOW_TLS_1_3 = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"})


def speaks_only_tls13(config: ServerConfig, endpoint: Endpoint) -> bool:
    """Every version before TLS 1.3 refused, by the config or by the judged release's default.

    TLS 1.3 has only forward-secret key exchanges (RFC 8446 section 2), and an
    OpenSSL cipher string governs only TLS 1.2 and older suites.
    """
    setting = endpoint.disabled_protocols
    refused = setting.value if setting is not None else config.profile.default_disabled_protocols
    if refused is None:
        return False  # not known: judge the cipher list
    return refused | config.profile.never_offered_protocols >= _BELOW_TLS_1_3


def requires_tls_by_default(endpoint: Endpoint, profile: ServerProfile) -> bool:
    """The config says nothing about requiring TLS here, and the server's default requires it."""
    return endpoint.tls_required is None and endpoint.role in profile.default_tls_required


def is_true(setting: Setting[bool] | None) -> bool:
    return setting is not None and bool(setting.value)


def setting_line(setting: Setting[Any] | None, endpoint: Endpoint) -> int | None:
    """The line a finding about ``setting`` points at: its value line, else the endpoint's."""
    if setting is not None and setting.evidence:
        return setting.evidence[-1].line
    return endpoint_line(endpoint)


def endpoint_line(endpoint: Endpoint) -> int | None:
    return endpoint.evidence[0].line if endpoint.evidence else None


def setting_evidence(setting: Setting[Any] | None, endpoint: Endpoint) -> tuple[Evidence, ...]:
    if setting is not None and setting.evidence:
        return setting.evidence
    return endpoint.evidence


def server_name(config: ServerConfig) -> str:
    """ "ejabberd 2.1.10", or just the family when the version is unknown."""
    profile = config.profile
    return f"{profile.family} {profile.version}" if profile.version else profile.family


def default_origin(config: ServerConfig, default: str, *keywords: str) -> str:
    """Name a default and cite it: "the default of ejabberd 2.1.10, X (source: title <url>)".

    The profile's sources whose title mentions one of ``keywords`` are cited;
    when none does, all of them, so a default is never stated without a source.
    """
    cited = cited_sources(config, *keywords)
    return f"the default of {server_name(config)}, {default} (source: {cited})"


def cited_sources(config: ServerConfig, *keywords: str) -> str:
    """The profile's sources whose title mentions a keyword (else all), as "title <url>; ..."."""
    sources = config.profile.sources
    about = [s for s in sources if any(k.lower() in s.title.lower() for k in keywords)]
    return "; ".join(f"{s.title} <{s.url}>" for s in about or sources) or "no source given"


def not_applicable(rule_id: str, config: ServerConfig, why: str) -> Verdict:
    return Verdict(rule_id, config.path, Status.NOT_APPLICABLE, why)
