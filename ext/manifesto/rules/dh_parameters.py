"""MF006: when DHE suites are allowed, DH parameters of at least 2048 bits are configured."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from manifesto.dhparams import DhParamsError, read_dh_parameters
from manifesto.model import Endpoint, ServerConfig, Source
from manifesto.results import Finding, Severity, Verdict
from manifesto.rules.base import (
    MANIFESTO,
    CheckOptions,
    Rule,
    endpoint_line,
    make_finding,
    not_applicable,
    unscope_shared_lines,
    uses_tls,
    verdict,
)
from manifesto.rules.effective_ciphers import effective_ciphers

RULE_ID = "MF006"
# RFC 7525 section 4.1: DH groups of at least 2048 bits.
MINIMUM_PRIME_BITS = 2048


def check(config: ServerConfig, options: CheckOptions) -> Verdict:
    dhe_endpoints = [
        e for e in config.endpoints if uses_tls(e, config.profile) and _allows_dhe(config, e)
    ]
    if not dhe_endpoints:
        return not_applicable(RULE_ID, config, "no endpoint allows a DHE suite")
    evidence = []
    findings: list[Finding] = []
    unverified: list[Finding] = []
    copies: dict[Path, int] = {}  # copies beside the config that were measured, and their bits
    judged: set[int | None] = set()
    endpoints_by_line: dict[int | None, set[str]] = {}
    for endpoint in dhe_endpoints:
        setting = endpoint.dh_params_file
        line = setting.evidence[-1].line if setting and setting.evidence else None
        if setting is not None:
            endpoints_by_line.setdefault(line, set()).add(endpoint.name)
        if setting is not None and line in judged:
            continue
        judged.add(line)
        missing = _missing_file(config, endpoint)
        problem = None if missing else _judge(config, endpoint, copies)
        if missing:
            unverified.append(missing)  # configured, but not here to measure
        if problem is None:
            evidence.extend(setting.evidence if setting else ())
        else:
            findings.append(problem)
    findings = unscope_shared_lines(findings, endpoints_by_line)
    unverified = unscope_shared_lines(unverified, endpoints_by_line)
    summary = (
        "DHE suites run without strong DH parameters"
        if findings
        else f"DH parameters are configured; those present have at least {MINIMUM_PRIME_BITS} bits"
    )
    for copy, bits in sorted(copies.items()):
        summary += f"; measured the copy beside the config: {copy}, {bits} bits"
    return verdict(RULE_ID, config, summary, evidence, findings, unverified)


@dataclass(frozen=True)
class DhFile:
    """Where a configured DH file was looked for, and the file that is measured."""

    looked_for: Path
    measured: Path | None
    is_copy_beside_config: bool = False


def _locate(config: ServerConfig, configured: str) -> DhFile:
    """Relative paths are read relative to the config file's directory.

    An absolute path names the deployment host (``/etc/ejabberd/dh2048.pem``);
    when it is not here, a file with the same base name beside the config is
    the copy the guide ships for measuring. Nothing else is searched.
    """
    config_dir = Path(config.path).parent
    dh_file = Path(configured)
    looked_for = dh_file if dh_file.is_absolute() else config_dir / dh_file
    if looked_for.is_file():
        return DhFile(looked_for, looked_for)
    beside = config_dir / dh_file.name
    if dh_file.is_absolute() and beside.is_file():
        return DhFile(looked_for, beside, is_copy_beside_config=True)
    return DhFile(looked_for, None)


def _missing_file(config: ServerConfig, endpoint: Endpoint) -> Finding | None:
    """A warning when the configured DH file is not there to measure."""
    setting = endpoint.dh_params_file
    if setting is None:
        return None
    located = _locate(config, setting.value)
    if located.measured is not None:
        return None
    line = setting.evidence[-1].line if setting.evidence else endpoint_line(endpoint)
    beside = Path(config.path).parent / Path(setting.value).name
    also = f" and {beside}" if Path(setting.value).is_absolute() else ""
    return make_finding(
        RULE_ID,
        Severity.WARNING,
        config,
        line,
        f"DH parameters file {setting.value} is not there to measure "
        f"(looked for {located.looked_for}{also}; ship a copy with the same name beside the "
        "config or check its size by hand)",
        setting.evidence,
        endpoint,
    )


def _allows_dhe(config: ServerConfig, endpoint: Endpoint) -> bool:
    ciphers = effective_ciphers(config, endpoint)
    return ciphers is not None and ciphers.expansion is not None and ciphers.expansion.allows_dhe


def _judge(config: ServerConfig, endpoint: Endpoint, copies: dict[Path, int]) -> Finding | None:
    setting = endpoint.dh_params_file
    if setting is None:
        what = (
            "sets no DH parameters file (generate one: openssl dhparam -out dh.pem 2048, "
            "and configure it, or exclude DHE suites with !kEDH)"
            if config.profile.can_set_dh_params
            else "cannot configure DH parameters in this version, so DHE suites use the "
            "server's built-in group (exclude them with !kEDH)"
        )
        return make_finding(
            RULE_ID,
            Severity.ERROR,
            config,
            endpoint_line(endpoint),
            f"{endpoint.name} allows DHE suites but {what}",
            endpoint.evidence,
            endpoint,
        )
    line = setting.evidence[-1].line if setting.evidence else endpoint_line(endpoint)
    located = _locate(config, setting.value)
    if located.measured is None:
        return None  # not here to measure: _missing_file warns about it
    try:
        bits = read_dh_parameters(located.measured).prime_bits
    except DhParamsError as error:
        return make_finding(
            RULE_ID, Severity.ERROR, config, line, str(error), setting.evidence, endpoint
        )
    if located.is_copy_beside_config:
        copies[located.measured] = bits
    if bits < MINIMUM_PRIME_BITS:
        return make_finding(
            RULE_ID,
            Severity.ERROR,
            config,
            line,
            f"DH parameters in {_shown(located)} have a {bits}-bit prime "
            f"(use at least {MINIMUM_PRIME_BITS}: openssl dhparam -out FILE 2048)",
            setting.evidence,
            endpoint,
        )
    return None


def _shown(located: DhFile) -> str:
    if located.is_copy_beside_config:
        return f"{located.measured} (the copy beside the config of {located.looked_for})"
    return str(located.looked_for)


RULE = Rule(
    id=RULE_ID,
    summary="DHE suites use configured DH parameters of at least 2048 bits",
    severity=Severity.ERROR,
    applies_to=(
        "ejabberd 15.06 and later (dhfile, s2s_dhfile)",
        "Prosody 0.9 and later (ssl.dhparam)",
        "Charybdis 3.5 and 4.x (serverinfo ssl_dh_params)",
    ),
    documentation=(
        "Forward secrecy, which the manifesto asks for, is only as strong as the key "
        "exchange. When the expanded cipher list allows any DHE suite, a DH parameters file "
        "must be configured and its prime must have at least 2048 bits (RFC 7525 section "
        "4.1; weak groups enable Logjam, CVE-2015-4000). The file is read relative to the "
        "config's directory when the path is relative. An absolute path that is not on "
        "this machine (a path on the target host) is measured through the file with the "
        "same base name beside the config, when one is there, and the verdict says so; "
        "a file found neither way is a warning that does not fail the rule."
    ),
    sources=(
        MANIFESTO,
        Source(
            "RFC 7525 section 4.1: General Guidelines",
            "https://www.rfc-editor.org/rfc/rfc7525#section-4.1",
        ),
        Source(
            "ejabberd listen options: dhfile",
            "https://docs.ejabberd.im/admin/configuration/listen-options/#dhfile",
        ),
        Source(
            "Prosody: Advanced SSL/TLS configuration", "https://prosody.im/doc/advanced_ssl_config"
        ),
        Source("Weak Diffie-Hellman and the Logjam Attack", "https://weakdh.org/"),
    ),
    check=check,
)
