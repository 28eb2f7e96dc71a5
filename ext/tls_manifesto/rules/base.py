"""The rule unit: an id, what it checks, its sources, and one function over the model.

A rule reads only ``ServerConfig`` and returns one ``Verdict``; it never
knows the file format. Adding a check is adding a module in this package
and naming it in ``tls_manifesto.rules.ALL_RULES``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from tls_manifesto.model import Endpoint, Evidence, ServerConfig, ServerProfile, Setting, Source
from tls_manifesto.results import Finding, Severity, Status, Verdict

Policy = Literal["prefer-fs", "require-fs"]
POLICIES: tuple[Policy, ...] = ("prefer-fs", "require-fs")

MANIFESTO = Source(
    "A Public Statement Regarding Ubiquitous Encryption on the XMPP Network, version 0.5",
    "https://github.com/stpeter/manifesto/blob/master/manifesto.txt",
)


@dataclass(frozen=True)
class CheckOptions:
    policy: Policy = "require-fs"


@dataclass(frozen=True)
class Rule:
    id: str  # "MF001"
    summary: str  # one line
    severity: Severity  # of the findings it reports, unless a finding says otherwise
    applies_to: tuple[str, ...]  # server versions and the options they use
    documentation: str  # a paragraph; cites its sources
    sources: tuple[Source, ...]
    check: Callable[[ServerConfig, CheckOptions], Verdict]

    @property
    def help_uri(self) -> str:
        return self.sources[0].url


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


def requires_tls_by_default(endpoint: Endpoint, profile: ServerProfile) -> bool:
    """The config says nothing about requiring TLS here, and the server's default requires it."""
    return endpoint.tls_required is None and endpoint.role in profile.default_tls_required


def is_true(setting: Setting[bool] | None) -> bool:
    return setting is not None and bool(setting.value)


def setting_line(setting: Setting[object] | None, endpoint: Endpoint) -> int | None:
    """The line a finding about ``setting`` points at: its value line, else the endpoint's."""
    if setting is not None and setting.evidence:
        return setting.evidence[-1].line
    return endpoint_line(endpoint)


def endpoint_line(endpoint: Endpoint) -> int | None:
    return endpoint.evidence[0].line if endpoint.evidence else None


def setting_evidence(setting: Setting[object] | None, endpoint: Endpoint) -> tuple[Evidence, ...]:
    if setting is not None and setting.evidence:
        return setting.evidence
    return endpoint.evidence


@dataclass(frozen=True)
class RuleOutcome:
    """What a rule found, before it becomes a Verdict."""

    evidence: tuple[Evidence, ...] = ()
    findings: tuple[Finding, ...] = ()


def make_finding(
    rule_id: str,
    severity: Severity,
    config: ServerConfig,
    line: int | None,
    message: str,
    evidence: Iterable[Evidence] = (),
    endpoint: Endpoint | None = None,
) -> Finding:
    """A finding; ``endpoint`` is the one endpoint it is about (a scoped waiver's target).

    The finding is in the file of the evidence at ``line`` (an included file
    when the value is set there), else in the config's main file.
    """
    name = endpoint.name if endpoint is not None else None
    cited = tuple(evidence)
    path = next((e.path for e in reversed(cited) if e.line == line), config.path)
    return Finding(rule_id, severity, path, line, message, cited, name)


def unscope_shared_lines(
    findings: Iterable[Finding], endpoints_by_line: Mapping[int | None, set[str]]
) -> list[Finding]:
    """Findings at a line that several endpoints inherit are about no single endpoint.

    Rules judge a shared line (a global cipher list, one curve list) once and
    report it with the first endpoint; fixing it changes every endpoint that
    inherits it, so a waiver scoped to one of them must not excuse it.
    """
    return [
        dataclasses.replace(f, endpoint=None) if len(endpoints_by_line.get(f.line, ())) > 1 else f
        for f in findings
    ]


def _merged_by_endpoint(findings: Iterable[Finding]) -> set[Finding]:
    """One finding per place and message; the endpoint kept only when all agree on it."""
    groups: dict[Finding, set[str | None]] = {}
    for finding in findings:
        groups.setdefault(dataclasses.replace(finding, endpoint=None), set()).add(finding.endpoint)
    return {
        dataclasses.replace(key, endpoint=next(iter(names)) if len(names) == 1 else None)
        for key, names in groups.items()
    }


def verdict(
    rule_id: str,
    config: ServerConfig,
    summary: str,
    evidence: Iterable[Evidence] = (),
    findings: Iterable[Finding] = (),
    unverified: Iterable[Finding] = (),
) -> Verdict:
    """A fail when there are findings, else a pass; evidence sorted and unique.

    ``unverified`` are warnings about what the rule could not check (a file
    that is not there); they are reported but do not turn a pass into a fail.
    """
    failing = _merged_by_endpoint(findings)
    # Endpoints that share a declaration (a Prosody VirtualHost serves c2s and s2s)
    # would repeat one finding; report it once.
    reported = sorted(
        _merged_by_endpoint([*failing, *unverified]),
        key=lambda f: (f.line or 0, f.severity.value, f.message),
    )
    cited = tuple(sorted(set(evidence)))
    status = Status.FAIL if failing else Status.PASS
    return Verdict(rule_id, config.path, status, summary, cited, tuple(reported))


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


def unknown_default(rule_id: str, config: ServerConfig, endpoint: Endpoint, what: str) -> Finding:
    """An error: the endpoint leaves ``what`` to a default not known for this server version.

    Never pass what cannot be seen: the finding names what is missing and how to
    settle it (set the value, or name a known version).
    """
    profile = config.profile
    why = profile.unknown or f"the table has no {what} default for {server_name(config)}"
    return make_finding(
        rule_id,
        Severity.ERROR,
        config,
        endpoint_line(endpoint),
        f"{endpoint.name} sets no {what} and the default of {server_name(config)} is not"
        f" known: {why}",
        endpoint.evidence,
        endpoint,
    )


def not_applicable(rule_id: str, config: ServerConfig, why: str) -> Verdict:
    return Verdict(rule_id, config.path, Status.NOT_APPLICABLE, why)
