"""MF006: when DHE suites are allowed, DH parameters of at least 2048 bits are configured."""

from __future__ import annotations

from tls_manifesto.model import DhParamsMeasurement, Endpoint, ServerConfig, Source
from tls_manifesto.rules.base import (
    MANIFESTO,
    Judgement,
    NotApplicable,
    Rule,
    Scope,
    endpoint_line,
    server_name,
    uses_tls,
)
from tls_manifesto.tls.dh_groups import GroupProof, known_group, prove_group
from tls_manifesto.tls.effective_ciphers import effective_ciphers
from tls_manifesto.verdicts import Severity, name_list

RULE_ID = "MF006"
# RFC 7525 section 4.1: DH groups of at least 2048 bits.
MINIMUM_PRIME_BITS = 2048
# Why a published group of 2048 bits or more passes though every server shares it.
NAMED_GROUP_PRACTICE = (
    "a named group of RFC 7919, current practice: Mozilla's intermediate profile uses "
    "ffdhe2048 and NIST SP 800-56A rev. 3 approves these groups"
)
MODP_GROUP_PRACTICE = (
    "a published MODP group of RFC 3526, the one OpenSSL 3 itself picks for a 2048-bit key "
    "(SSL_CTX_set_dh_auto); no precomputation against a shared group of 2048 bits or more "
    "is known to be feasible (weakdh.org's needs 1024 bits), and NIST SP 800-56A rev. 3 "
    "approves these groups"
)


def endpoints_allowing_dhe(config: ServerConfig) -> list[Endpoint]:
    return [e for e in config.endpoints if uses_tls(e, config.profile) and _allows_dhe(config, e)]


def judge(judgement: Judgement) -> str:
    config = judgement.config
    # Without a DH file some TLS libraries negotiate no DHE suite at all (a profile fact).
    negotiating = [(e, not _negotiates_no_dhe(config, e)) for e in judgement.endpoints]
    # Split in one pass: "e not in without_dhe" compared whole endpoints pairwise,
    # quadratic in the number of listeners (minutes for 20,000).
    without_dhe = [e for e, dhe in negotiating if not dhe]
    dhe_endpoints = [e for e, dhe in negotiating if dhe]
    if not dhe_endpoints:
        raise NotApplicable(_no_dhe_summary(config, without_dhe))
    copies: dict[str, int] = {}  # copies beside the config that were measured, and their bits
    builtin_users: list[str] = []  # endpoints on a built-in group that is big enough
    notes: list[str] = []  # named RFC 7919 groups, which pass with a note
    files_judged = False
    for endpoint in dhe_endpoints:
        setting = endpoint.dh_params_file
        line = setting.evidence[-1].line if setting and setting.evidence else None
        if setting is not None and not judgement.first_at(line, setting.evidence, endpoint):
            continue  # one judgement per DH file line that several endpoints share
        files_judged = files_judged or setting is not None
        if setting is None:
            _report_weak_anonymous_groups(judgement, endpoint)
        builtin = _builtin_proof(config) if setting is None else None
        if setting is None and _uses_strong_builtin_group(config) and builtin and builtin.problem:
            _report_broken_builtin_group(judgement, endpoint, builtin)
        elif setting is None and _uses_strong_builtin_group(config) and _is_named(builtin):
            notes.append(_named_builtin_note(config, endpoint))
        elif setting is None and _uses_strong_builtin_group(config):
            builtin_users.append(endpoint.name)
            _report_shared_group(judgement, endpoint)
        else:
            # A file not here to measure is a warning; the line that names it is still cited.
            missing = _report_missing_file(judgement, endpoint)
            if missing or _strong_enough(judgement, endpoint, copies, notes):
                judgement.cite(setting.evidence if setting else ())
    failed = any(f.severity is Severity.ERROR for f in judgement.findings)
    summary = _summary(config, failed, builtin_users, files_judged)
    for copy, bits in sorted(copies.items()):
        summary += f"; measured the copy beside the config: {copy}, {bits} bits"
    if not failed:
        summary = "; ".join([summary, *dict.fromkeys(notes)] if summary else notes)
    if without_dhe:
        summary += "; " + _no_dhe_summary(config, without_dhe)
    return summary


def _summary(
    config: ServerConfig, failed: bool, builtin_users: list[str], files_judged: bool
) -> str:
    if failed:
        return "DHE suites run without strong DH parameters"
    parts = []
    if files_judged:
        parts.append(
            f"DH parameters are configured; those present have at least {MINIMUM_PRIME_BITS} bits"
        )
    fact = config.profile.dhe_without_params
    if builtin_users and fact is not None:
        # "the default of" marks a verdict that rests on a named server default, not on lines.
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


def _builtin_proof(config: ServerConfig) -> GroupProof | None:
    """The proof of the group the server serves without a file, when the profile names it."""
    fact = config.profile.dhe_without_params
    if fact is None or fact.group_key is None:
        return None
    group = known_group(fact.group_key)
    return prove_group(group.prime, group.generator)


def _is_named(proof: GroupProof | None) -> bool:
    return proof is not None and proof.known is not None and proof.known.is_published_standard


def _practice(proof: GroupProof | None) -> str:
    """Why the named group ``proof`` found is good practice (``_is_named`` holds)."""
    assert proof is not None and proof.known is not None
    return NAMED_GROUP_PRACTICE if proof.known.is_rfc7919 else MODP_GROUP_PRACTICE


def _named_builtin_note(config: ServerConfig, endpoint: Endpoint) -> str:
    fact = config.profile.dhe_without_params
    assert fact is not None  # _builtin_proof found the group through it
    return (
        f"note: {endpoint.name} sets no DH parameters file, so DHE suites use the default of "
        f"{server_name(config)}, {fact.builtin_group}, {_practice(_builtin_proof(config))} "
        f"(source: {_cite(fact.source)})" + (f"; {fact.assumption}" if fact.assumption else "")
    )


def _report_broken_builtin_group(
    judgement: Judgement, endpoint: Endpoint, proof: GroupProof
) -> None:
    """The built-in group served is not a group at all (fast_tls on OpenSSL 3)."""
    config = judgement.config
    fact = config.profile.dhe_without_params
    assert fact is not None  # _builtin_proof found the group through it
    assumed = f"; {fact.assumption}" if fact.assumption else ""
    judgement.report(
        Severity.ERROR,
        endpoint,
        "DHE suites allowed without a DH parameters file: the built-in modulus served is "
        + ("not a prime" if not proof.prime_is_prime else "not a safe prime"),
        detail=(
            f"{proof.problem}: {server_name(config)} serves {fact.builtin_group} "
            f"(source: {_cite(fact.source)}){assumed}; generate a group with openssl dhparam "
            f"-out dh.pem 2048 and set {config.profile.hints.dh_params}, or exclude DHE "
            "suites with !kEDH"
        ),
    )


def _no_dhe_summary(config: ServerConfig, endpoints: list[Endpoint]) -> str:
    fact = config.profile.dhe_without_params
    assert fact is not None  # only endpoints _negotiates_no_dhe picked, which needs the fact
    names = ", ".join(dict.fromkeys(e.name for e in endpoints))  # c2s and s2s may share one
    return (
        f"{names} allow DHE suites but set no DH parameters file, and without one "
        f"{server_name(config)} negotiates no DHE suite (source: {_cite(fact.source)})"
    )


def _report_weak_anonymous_groups(judgement: Judgement, endpoint: Endpoint) -> None:
    """Anonymous DHE suites on a server whose group OpenSSL sizes (dh_auto) get 1024 bits.

    ssl_get_auto_dh (ssl/t1_lib.c, OpenSSL 1.1.0 to 3.x) sizes the group of a suite
    without a certificate by its cipher: 128-bit security (RFC 3526's 3072 bits) for a
    256-bit cipher, else 80 bits, RFC 2409's 1024-bit group. Postfix offers such suites
    to opportunistic peers and runs at security level 0, so they are really served.
    """
    config = judgement.config
    fact = config.profile.dhe_without_params
    if fact is None or not fact.sized_by_openssl:
        return
    ciphers = effective_ciphers(config, endpoint)
    if ciphers is None or ciphers.expansion is None:
        return  # MF003 and MF011 say why the list cannot be read
    weak = [
        s.name
        for s in ciphers.expansion.suites
        if s.uses_dhe and s.anonymous and s.strength_bits < 256
    ]
    if not weak:
        return
    judgement.report(
        Severity.ERROR,
        endpoint,
        f"anonymous DHE suites get a 1024-bit group: {name_list(weak, limit=2)}",
        detail=(
            "with no DH parameters file OpenSSL's dh_auto sizes the group of a suite without"
            " a certificate by its cipher, and below a 256-bit cipher that is the 1024-bit"
            " group of RFC 2409 (ssl_get_auto_dh in ssl/t1_lib.c); exclude anonymous suites"
            " (Postfix: smtpd_tls_exclude_ciphers = aNULL) or set"
            f" {config.profile.hints.dh_params}; all of them: {', '.join(weak)}"
        ),
        line=ciphers.line,
        evidence=ciphers.evidence,
    )


def _report_shared_group(judgement: Judgement, endpoint: Endpoint) -> None:
    """A built-in group of enough bits, but one shared by every server that uses it."""
    config = judgement.config
    fact = config.profile.dhe_without_params
    assert fact is not None  # only called when _uses_strong_builtin_group found the fact
    judgement.report(
        Severity.WARNING,
        endpoint,
        "no DH parameters file: DHE uses the server's built-in group, shared by many servers",
        detail=(
            f"DHE suites use {server_name(config)}'s built-in {fact.builtin_group_bits}-bit "
            f"group, {fact.builtin_group} (source: {_cite(fact.source)}); "
            "a group shared by many servers is a precomputation target (weakdh.org): generate "
            "your own with openssl dhparam -out dh.pem 2048 and set "
            f"{config.profile.hints.dh_params}, or exclude DHE suites with !kEDH"
        ),
    )


def _cite(source: Source) -> str:
    return f"{source.title} <{source.url}>"


def _report_missing_file(judgement: Judgement, endpoint: Endpoint) -> bool:
    """Warn when the configured DH file is not there to measure (the loader looked); True if so."""
    setting, found = endpoint.dh_params_file, endpoint.dh_params
    if setting is None or (found is not None and found.measured is not None):
        return False
    looked = f"looked for {' and '.join(found.looked_for)}" if found else "it was not measured"
    judgement.report(
        Severity.WARNING,
        endpoint,
        f"DH parameters file {setting.value} is not there to measure",
        detail=f"{looked}; ship a copy with the same name beside the config or check its size "
        "by hand",
        line=setting.evidence[-1].line if setting.evidence else endpoint_line(endpoint),
        evidence=setting.evidence,
    )
    return True


def _allows_dhe(config: ServerConfig, endpoint: Endpoint) -> bool:
    ciphers = effective_ciphers(config, endpoint)
    if ciphers is None:
        return True  # a default list that is not known may allow DHE: never pass unseen
    return ciphers.expansion is not None and ciphers.expansion.allows_dhe


def _strong_enough(
    judgement: Judgement, endpoint: Endpoint, copies: dict[str, int], notes: list[str]
) -> bool:
    """Measure the endpoint's DH parameters; report what is too weak, True if strong enough."""
    config = judgement.config
    setting = endpoint.dh_params_file
    if setting is None:
        if config.profile.can_set_dh_params:
            message = "DHE suites allowed without a DH parameters file"
            fix = "generate one: openssl dhparam -out dh.pem 2048, and set "
            fix += f"{config.profile.hints.dh_params}, or exclude DHE suites with !kEDH"
        else:
            message = "DHE suites allowed, but this version cannot configure DH parameters"
            fix = "exclude DHE suites with !kEDH"
        judgement.report(
            Severity.ERROR,
            endpoint,
            f"{message}: {_builtin_group_bits(config)}",
            detail=f"{_builtin_group(config)}; {fix}",
        )
        return False  # pragma: no mutate (no setting: the caller would cite nothing anyway)
    line = setting.evidence[-1].line if setting.evidence else endpoint_line(endpoint)
    found = endpoint.dh_params
    assert found is not None and found.measured is not None  # else _report_missing_file warned
    if found.error is not None or found.prime_bits is None:
        judgement.report(
            Severity.ERROR, endpoint, str(found.error), line=line, evidence=setting.evidence
        )
        return False
    if found.is_copy_beside_config:
        copies[found.measured] = found.prime_bits
    if found.prime_bits < MINIMUM_PRIME_BITS:
        judgement.report(
            Severity.ERROR,
            endpoint,
            f"DH parameters have a {found.prime_bits}-bit prime",
            detail=(
                f"measured {_shown(found)}; use at least {MINIMUM_PRIME_BITS} bits: "
                "openssl dhparam -out FILE 2048"
            ),
            line=line,
            evidence=setting.evidence,
        )
        return False
    return _group_sound(judgement, endpoint, found, notes)


def _group_sound(
    judgement: Judgement, endpoint: Endpoint, found: DhParamsMeasurement, notes: list[str]
) -> bool:
    """A file of enough bits must hold a safe prime; a published group earns a note."""
    setting = endpoint.dh_params_file
    assert setting is not None  # only files reach here
    if found.prime is None or found.generator is None:
        return True  # a measurement of the size alone: nothing more to prove
    proof = prove_group(found.prime, found.generator)
    if proof.problem is not None:
        judgement.report(
            Severity.ERROR,
            endpoint,
            f"DH parameters file {setting.value}: {proof.problem}",
            detail=(
                f"measured {_shown(found)}, {proof.name}; generate a safe prime with "
                "openssl dhparam -out FILE 2048, or use ffdhe2048 of RFC 7919"
            ),
            line=setting.evidence[-1].line if setting.evidence else endpoint_line(endpoint),
            evidence=setting.evidence,
        )
        return False
    if _is_named(proof):
        notes.append(f"note: {setting.value} holds {proof.name}, {_practice(proof)}")
    return True


def _builtin_group_bits(config: ServerConfig) -> str:
    fact = config.profile.dhe_without_params
    if fact is None or fact.builtin_group_bits is None:
        return "the group used is not known"
    return f"built-in {fact.builtin_group_bits}-bit group"


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
        "a file found neither way is a warning (the verdict is at best warn). Without a "
        "file, the verdict follows what the server's TLS library then does: Prosody "
        "0.9-0.12 (LuaSec), ejabberd 2.1.0-2.1.11, Charybdis and Solanum set no DH "
        "parameters, so OpenSSL negotiates no DHE suite and the rule does not apply; "
        "Prosody 13.0 uses the ffdhe2048 group of RFC 7919, a pass with a note; ejabberd "
        "22.05 and later (fast_tls 1.1.14+) built with OpenSSL 3 serve the RFC 5114 "
        "section 2.3 prime with its bytes reversed, a composite number (divisible by 7 "
        "and 40013), a failure that says it assumed OpenSSL 3; ejabberd 18.01 to 21.12 "
        "serve the 2048-bit group of RFC 5114 itself, whose modulus is not a safe prime, "
        "a failure; ejabberd 2.1.12 to 17.12 use the built-in 1024-bit group of RFC 5114, "
        "a failure, and versions outside the profile table fail. The group in a DH file is "
        "proved too: a modulus that is not a safe prime ((p-1)/2 prime) fails at the line "
        "that names the file, and a named RFC 7919 group of 2048 bits or more passes with "
        "a note."
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
    scope=Scope(endpoints_allowing_dhe, "no endpoint allows a DHE suite"),
    judge=judge,
)
