"""MF006: when DHE suites are allowed, DH parameters of at least 2048 bits are configured."""

from __future__ import annotations

from tls_manifesto.model import DhParamsMeasurement, Endpoint, ServerConfig, Source
from tls_manifesto.results import Finding, Severity, Verdict
from tls_manifesto.rules.base import (
    MANIFESTO,
    CheckOptions,
    Rule,
    endpoint_line,
    make_finding,
    not_applicable,
    server_name,
    unscope_shared_lines,
    uses_tls,
    verdict,
)
from tls_manifesto.rules.effective_ciphers import effective_ciphers

RULE_ID = "MF006"
# RFC 7525 section 4.1: DH groups of at least 2048 bits.
MINIMUM_PRIME_BITS = 2048


def check(config: ServerConfig, options: CheckOptions) -> Verdict:
    allowing_dhe = [
        e for e in config.endpoints if uses_tls(e, config.profile) and _allows_dhe(config, e)
    ]
    # Without a DH file some TLS libraries negotiate no DHE suite at all (a profile fact).
    without_dhe = [e for e in allowing_dhe if _negotiates_no_dhe(config, e)]
    dhe_endpoints = [e for e in allowing_dhe if e not in without_dhe]
    if not dhe_endpoints:
        if without_dhe:
            return not_applicable(RULE_ID, config, _no_dhe_summary(config, without_dhe))
        return not_applicable(RULE_ID, config, "no endpoint allows a DHE suite")
    evidence = []
    findings: list[Finding] = []
    unverified: list[Finding] = []  # warnings that do not fail the rule
    copies: dict[str, int] = {}  # copies beside the config that were measured, and their bits
    builtin_users: list[str] = []  # endpoints on a built-in group that is big enough
    files_judged = False
    judged: set[tuple[str | None, int | None]] = set()
    endpoints_by_line: dict[int | None, set[str]] = {}
    for endpoint in dhe_endpoints:
        setting = endpoint.dh_params_file
        line = setting.evidence[-1].line if setting and setting.evidence else None
        if setting is not None:
            endpoints_by_line.setdefault(line, set()).add(endpoint.name)
        # The same line of another file (an include) is another setting.
        where = (setting.evidence[-1].path if setting and setting.evidence else None, line)
        if setting is not None and where in judged:
            continue
        judged.add(where)
        files_judged = files_judged or setting is not None
        if setting is None and _uses_strong_builtin_group(config):
            builtin_users.append(endpoint.name)
            unverified.append(_shared_group_warning(config, endpoint))
            continue
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
    summary = _summary(config, findings, builtin_users, files_judged)
    for copy, bits in sorted(copies.items()):
        summary += f"; measured the copy beside the config: {copy}, {bits} bits"
    if without_dhe:
        summary += "; " + _no_dhe_summary(config, without_dhe)
    return verdict(RULE_ID, config, summary, evidence, findings, unverified)


def _summary(
    config: ServerConfig, findings: list[Finding], builtin_users: list[str], files_judged: bool
) -> str:
    if findings:
        return "DHE suites run without strong DH parameters"
    parts = []
    if files_judged:
        parts.append(
            f"DH parameters are configured; those present have at least {MINIMUM_PRIME_BITS} bits"
        )
    fact = config.profile.dhe_without_params
    if builtin_users and fact is not None:
        # "the default of" marks a pass that rests on a named server default, not on lines.
        parts.append(
            f"warning: {', '.join(builtin_users)} set no DH parameters file, so DHE suites use "
            f"the default of {server_name(config)}, its built-in {fact.builtin_group_bits}-bit "
            f"group, {fact.builtin_group}, shared by every such server "
            f"(source: {_cite(fact.source)})"
        )
    return "; ".join(parts)


def _negotiates_no_dhe(config: ServerConfig, endpoint: Endpoint) -> bool:
    fact = config.profile.dhe_without_params
    return endpoint.dh_params_file is None and fact is not None and not fact.negotiates_dhe


def _uses_strong_builtin_group(config: ServerConfig) -> bool:
    fact = config.profile.dhe_without_params
    bits = fact.builtin_group_bits if fact is not None and fact.negotiates_dhe else None
    return bits is not None and bits >= MINIMUM_PRIME_BITS


def _no_dhe_summary(config: ServerConfig, endpoints: list[Endpoint]) -> str:
    fact = config.profile.dhe_without_params
    source = f" (source: {_cite(fact.source)})" if fact is not None else ""
    names = ", ".join(dict.fromkeys(e.name for e in endpoints))  # c2s and s2s may share one
    return (
        f"{names} allow DHE suites but set no DH parameters file, and without one "
        f"{server_name(config)} negotiates no DHE suite{source}"
    )


def _shared_group_warning(config: ServerConfig, endpoint: Endpoint) -> Finding:
    """A built-in group of enough bits, but one shared by every server that uses it."""
    fact = config.profile.dhe_without_params
    group = f"{fact.builtin_group_bits}-bit group, {fact.builtin_group}" if fact else "group"
    source = _cite(fact.source) if fact else "no source given"
    return make_finding(
        RULE_ID,
        Severity.WARNING,
        config,
        endpoint_line(endpoint),
        f"{endpoint.name} sets no DH parameters file, so DHE suites use "
        f"{server_name(config)}'s built-in {group} (source: {source}); a group shared by "
        "many servers is a precomputation target (weakdh.org): generate your own with "
        "openssl dhparam -out dh.pem 2048 and configure it, or exclude DHE suites with !kEDH",
        endpoint.evidence,
        endpoint,
    )


def _cite(source: Source) -> str:
    return f"{source.title} <{source.url}>"


def _missing_file(config: ServerConfig, endpoint: Endpoint) -> Finding | None:
    """A warning when the configured DH file is not there to measure (the loader looked)."""
    setting, found = endpoint.dh_params_file, endpoint.dh_params
    if setting is None or (found is not None and found.measured is not None):
        return None
    line = setting.evidence[-1].line if setting.evidence else endpoint_line(endpoint)
    looked = f"looked for {' and '.join(found.looked_for)}" if found else "it was not measured"
    return make_finding(
        RULE_ID,
        Severity.WARNING,
        config,
        line,
        f"DH parameters file {setting.value} is not there to measure "
        f"({looked}; ship a copy with the same name beside "
        "the config or check its size by hand)",
        setting.evidence,
        endpoint,
    )


def _allows_dhe(config: ServerConfig, endpoint: Endpoint) -> bool:
    ciphers = effective_ciphers(config, endpoint)
    if ciphers is None:
        return True  # a default list that is not known may allow DHE: never pass unseen
    return ciphers.expansion is not None and ciphers.expansion.allows_dhe


def _judge(config: ServerConfig, endpoint: Endpoint, copies: dict[str, int]) -> Finding | None:
    setting = endpoint.dh_params_file
    if setting is None:
        what = (
            f"sets no DH parameters file, so {_builtin_group(config)} (generate one: "
            "openssl dhparam -out dh.pem 2048, and configure it, or exclude DHE suites "
            "with !kEDH)"
            if config.profile.can_set_dh_params
            else "cannot configure DH parameters in this version, so "
            f"{_builtin_group(config)} (exclude them with !kEDH)"
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
    found = endpoint.dh_params
    if found is None or found.measured is None:
        return None  # not here to measure: _missing_file warns about it
    if found.error is not None or found.prime_bits is None:
        return make_finding(
            RULE_ID, Severity.ERROR, config, line, str(found.error), setting.evidence, endpoint
        )
    if found.is_copy_beside_config:
        copies[found.measured] = found.prime_bits
    if found.prime_bits < MINIMUM_PRIME_BITS:
        return make_finding(
            RULE_ID,
            Severity.ERROR,
            config,
            line,
            f"DH parameters in {_shown(found)} have a {found.prime_bits}-bit prime "
            f"(use at least {MINIMUM_PRIME_BITS}: openssl dhparam -out FILE 2048)",
            setting.evidence,
            endpoint,
        )
    return None


def _builtin_group(config: ServerConfig) -> str:
    """What DHE suites use without a file, as far as the profile knows it."""
    fact = config.profile.dhe_without_params
    if fact is None or fact.builtin_group_bits is None:
        return "DHE suites use a group this checker does not know"
    return (
        f"DHE suites use {server_name(config)}'s built-in {fact.builtin_group_bits}-bit group, "
        f"{fact.builtin_group} (source: {_cite(fact.source)})"
    )


def _shown(found: DhParamsMeasurement) -> str:
    if found.is_copy_beside_config:
        return f"{found.measured} (the copy beside the config of {found.looked_for[0]})"
    return str(found.measured)


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
        "4.1; weak groups enable Logjam, CVE-2015-4000). The loader measures the file: "
        "a relative path is read from the config's directory, for Charybdis from its "
        "install prefix (the parent of the etc directory the config sits in), as the "
        "server opens it. An absolute path that is not on "
        "this machine (a path on the target host) is measured through the file with the "
        "same base name beside the config, when one is there, and the verdict says so; "
        "a file found neither way is a warning that does not fail the rule. Without a "
        "file, the verdict follows what the server's TLS library then does: Prosody "
        "0.9-0.12 (LuaSec), ejabberd 2.1.0-2.1.11, Charybdis and Solanum set no DH "
        "parameters, so OpenSSL negotiates no DHE suite and the rule does not apply; "
        "ejabberd 18.01 and later (fast_tls 1.0.19+) use the built-in 2048-bit group of RFC "
        "5114 and Prosody 13.0 the ffdhe2048 group of RFC 7919, a pass with a warning, since "
        "a group shared by many servers is a precomputation target (weakdh.org); ejabberd "
        "2.1.12 to 17.12 use the built-in 1024-bit group of RFC 5114, a failure, and "
        "versions outside the profile table fail."
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
        Source(
            "fast_tls c_src/fast_tls.c setup_dh: the built-in group without a dhfile",
            "https://github.com/processone/fast_tls/blob/1.1.16/c_src/fast_tls.c",
        ),
        Source(
            "RFC 5114 sections 2.1 and 2.3: the 1024- and 2048-bit MODP groups",
            "https://www.rfc-editor.org/rfc/rfc5114#section-2.1",
        ),
    ),
    check=check,
)
