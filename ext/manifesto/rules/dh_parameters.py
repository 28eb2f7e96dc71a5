"""MF006: when DHE suites are allowed, DH parameters of at least 2048 bits are configured."""

from __future__ import annotations

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
    uses_tls,
    verdict,
)
from manifesto.rules.effective_ciphers import effective_ciphers

RULE_ID = "MF006"
# RFC 7525 section 4.1: DH groups of at least 2048 bits.
MINIMUM_PRIME_BITS = 2048


def check(config: ServerConfig, options: CheckOptions) -> Verdict:
    dhe_endpoints = [e for e in config.endpoints if uses_tls(e) and _allows_dhe(config, e)]
    if not dhe_endpoints:
        return not_applicable(RULE_ID, config, "no endpoint allows a DHE suite")
    evidence = []
    findings: list[Finding] = []
    unverified: list[Finding] = []
    judged: set[int | None] = set()
    for endpoint in dhe_endpoints:
        setting = endpoint.dh_params_file
        line = setting.evidence[-1].line if setting and setting.evidence else None
        if setting is not None and line in judged:
            continue
        judged.add(line)
        missing = _missing_file(config, endpoint)
        problem = None if missing else _judge(config, endpoint)
        if missing:
            unverified.append(missing)  # configured, but not here to measure
        if problem is None:
            evidence.extend(setting.evidence if setting else ())
        else:
            findings.append(problem)
    summary = (
        "DHE suites run without strong DH parameters"
        if findings
        else f"DH parameters are configured; those present have at least {MINIMUM_PRIME_BITS} bits"
    )
    return verdict(RULE_ID, config, summary, evidence, findings, unverified)


def _dh_file(config: ServerConfig, path: str) -> Path:
    """Relative paths are read relative to the config file's directory."""
    dh_file = Path(path)
    return dh_file if dh_file.is_absolute() else Path(config.path).parent / dh_file


def _missing_file(config: ServerConfig, endpoint: Endpoint) -> Finding | None:
    """A warning when the configured DH file is not there to measure."""
    setting = endpoint.dh_params_file
    if setting is None or _dh_file(config, setting.value).is_file():
        return None
    line = setting.evidence[-1].line if setting.evidence else endpoint_line(endpoint)
    return make_finding(
        RULE_ID,
        Severity.WARNING,
        config,
        line,
        f"DH parameters file {setting.value} is not there to measure "
        f"(looked for {_dh_file(config, setting.value)}; ship it beside the config "
        "or check its size by hand)",
        setting.evidence,
    )


def _allows_dhe(config: ServerConfig, endpoint: Endpoint) -> bool:
    ciphers = effective_ciphers(config, endpoint)
    return ciphers is not None and ciphers.expansion is not None and ciphers.expansion.allows_dhe


def _judge(config: ServerConfig, endpoint: Endpoint) -> Finding | None:
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
        )
    line = setting.evidence[-1].line if setting.evidence else endpoint_line(endpoint)
    dh_file = _dh_file(config, setting.value)
    try:
        bits = read_dh_parameters(dh_file).prime_bits
    except DhParamsError as error:
        return make_finding(RULE_ID, Severity.ERROR, config, line, str(error), setting.evidence)
    if bits < MINIMUM_PRIME_BITS:
        return make_finding(
            RULE_ID,
            Severity.ERROR,
            config,
            line,
            f"DH parameters in {setting.value} have a {bits}-bit prime "
            f"(use at least {MINIMUM_PRIME_BITS}: openssl dhparam -out FILE 2048)",
            setting.evidence,
        )
    return None


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
        "config's directory when the path is relative; a missing file is a warning that "
        "does not fail the rule, since reference configs often name a path on the target host."
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
