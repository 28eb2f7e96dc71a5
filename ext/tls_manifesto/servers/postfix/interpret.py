"""main.cf + master.cf -> ``ServerConfig``: one endpoint per smtpd service master.cf runs.

Each ``inet`` service whose command is smtpd (or postscreen, which hands
clients to the ``pass`` service running smtpd) is an endpoint: port 25 is
the MX (role smtp), 587 submission, 465 submissions; another port takes
its role from what it runs (wrapper mode: submissions; SASL: submission).
Its settings are main.cf's with the service's ``-o`` overrides on top
(``service_view``), and smtpd's own logic decides which of them apply
(``smtpd_tls.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from tls_manifesto.model import Endpoint, ReadIssue, Role, ServerConfig
from tls_manifesto.servers.evidence import At, EvidenceSource
from tls_manifesto.servers.postfix.defaults import parameter_defaults
from tls_manifesto.servers.postfix.files import PostfixFiles
from tls_manifesto.servers.postfix.main_cf import Parameter
from tls_manifesto.servers.postfix.master_cf import Service
from tls_manifesto.servers.postfix.parameters import needs_naming
from tls_manifesto.servers.postfix.profile import postfix_profile
from tls_manifesto.servers.postfix.service_view import ServiceView
from tls_manifesto.servers.postfix.smtpd_tls import tls_fields

KIND = "postfix"
SMTPD_COMMANDS = ("smtpd", "postscreen")
# /etc/services on Debian 12 (netbase): smtp 25, submission 587, submissions 465 (aliases
# ssmtp, smtps, urd).
PORTS = {"smtp": 25, "submission": 587, "submissions": 465, "smtps": 465, "ssmtp": 465,
         "urd": 465}  # fmt: skip
ROLE_OF_PORT: dict[int, Role] = {25: "smtp", 587: "submission", 465: "submissions"}


def interpret_postfix(
    read: PostfixFiles, path: str, lines: Sequence[str], version: str | None
) -> ServerConfig:
    profile = postfix_profile(version)
    source = EvidenceSource(path, lines, read.files)
    issues = list(read.issues)
    issues += _duplicates(read, source)
    defaults = parameter_defaults(profile.version if profile.unknown is None else None)
    endpoints: list[Endpoint] = []
    services = read.master.services if read.master else ()
    # Parameters a TLS value was taken from ($name) are read, whatever their names.
    taken: set[str] = set()
    overrides: list[Parameter] = []
    for service in services:
        if service.type != "inet" or service.command not in SMTPD_COMMANDS:
            continue
        runs = _pass_service(services) if service.command == "postscreen" else service
        overrides += runs.overrides if runs else ()
        view = ServiceView(read.main, runs, defaults)
        endpoints.append(_endpoint(service, runs, view, profile.version, source, issues))
        taken |= view.read
    unread = [p for p in [*read.main.parameters.values(), *overrides] if p.name not in taken]
    issues += _unknown(unread, source)
    return ServerConfig(
        path=path,
        kind=KIND,
        profile=profile,
        endpoints=tuple(endpoints),
        lines=tuple(lines),
        sources=tuple(read.files),
        read_issues=tuple(issues),
    )


def _endpoint(
    service: Service,
    runs: Service | None,
    view: ServiceView,
    version: str | None,
    source: EvidenceSource,
    issues: list[ReadIssue],
) -> Endpoint:
    declared = [At(service.path, service.lines[0])]
    if runs is not None and runs is not service:
        declared.append(At(runs.path, runs.lines[0]))
    fields = tls_fields(view, version, source, issues)
    port = _port(service.name)
    if port is None:
        (evidence,) = source.at(declared[:1])
        issues.append(
            ReadIssue(
                evidence,
                f"service {service.name}: its port is not a number or a service name the"
                " checker knows (smtp, submission, submissions); its role is judged from"
                " its settings",
                blocks_pass=False,
            )
        )
    role = _role(port, fields)
    return Endpoint(
        role=role,
        name=f"master.cf {service.name} ({role}, {service.command})",
        evidence=source.at(declared),
        port=source.setting(port, declared[:1]) if port is not None else None,
        **fields,
    )


def _role(port: int | None, fields: dict[str, object]) -> Role:
    if port in ROLE_OF_PORT:
        return ROLE_OF_PORT[port]
    direct = fields.get("direct_tls")
    if direct is not None and getattr(direct, "value", False):
        return "submissions"
    auth = fields.get("auth_offered")
    if auth is not None and getattr(auth, "value", False):
        return "submission"
    return "smtp"


def _port(name: str) -> int | None:
    """``smtp``, ``2525``, ``127.0.0.1:submission`` or ``[::1]:587`` -> the port number."""
    port = name.rsplit(":", 1)[-1] if ":" in name else name
    if port.isdigit() and 0 < int(port) < 65536:
        return int(port)
    return PORTS.get(port.lower())


def _pass_service(services: Sequence[Service]) -> Service | None:
    """The smtpd postscreen hands clients to: master.cf's ``pass`` service running smtpd."""
    return next((s for s in services if s.type == "pass" and s.command == "smtpd"), None)


def _unknown(parameters: Sequence[Parameter], source: EvidenceSource) -> list[ReadIssue]:
    found = []
    for parameter in dict.fromkeys(parameters):
        if needs_naming(parameter.name):
            (evidence, *_) = source.at([At(parameter.path, parameter.lines[0])])
            found.append(
                ReadIssue(
                    evidence,
                    f"{parameter.name}: a TLS or SASL parameter the checker does not read, so"
                    " what it changes is unseen and nothing can pass (remove it, or ask for"
                    " it to be read)",
                    blocks_pass=True,
                )
            )
    return found


def _duplicates(read: PostfixFiles, source: EvidenceSource) -> list[ReadIssue]:
    found = []
    for earlier in read.main.overridden:
        later = read.main.parameters.get(earlier.name)
        (evidence, *_) = source.at([At(earlier.path, earlier.lines[0])])
        again = f" at line {later.lines[0]}" if later and later.name == earlier.name else ""
        found.append(
            ReadIssue(
                evidence,
                f"{earlier.name} is set again{again}; Postfix keeps the last value",
                blocks_pass=False,
            )
        )
    return found
