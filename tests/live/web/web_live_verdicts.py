"""What a web server did live, as per-rule verdicts: TLS on the HTTPS port, HSTS, the redirect.

Rule ids as the checker names them (ext/tls_manifesto/rules/): MF003-MF007
and MF009 (as for XMPP, from the TLS probe of the HTTPS port), MF011 (AEAD
suites only), MF012 (HSTS of at least six months, 15768000 s, on every
HTTPS virtual host: the header of the answer to ``GET /``), MF013 (plain
HTTP redirects to https: the answer to ``GET /`` on the plain port), MF010
(no TLS compression).
"""

from __future__ import annotations

from tls_manifesto.probe.results import PlainHttpResult, ProbeResult

from live.live_verdicts import LiveVerdict, tls_verdicts

HSTS_MINIMUM_S = 15768000  # the guide's six months (issue #22, "Web" policy)
HSTS_RULE, REDIRECT_RULE, AEAD_RULE, COMPRESSION_RULE = "MF012", "MF013", "MF011", "MF010"
TLS_RULE_IDS = ("MF003", "MF004", "MF005", "MF006", "MF007", "MF009", AEAD_RULE)
WEB_RULE_IDS = (*TLS_RULE_IDS, COMPRESSION_RULE, HSTS_RULE, REDIRECT_RULE)
# RFC 5116 AEAD constructions in IANA suite names; every TLS 1.3 suite is one (RFC 8446 B.4).
AEAD_MARKERS = ("_GCM_", "_CCM", "_CHACHA20_POLY1305_")
# sslyze's compression test needs a client that offers compression; the probe does not
# run it, so MF010 is never observed live (docs/probe.md says so in the matrix).
NOT_PROBED = "the probe does not test TLS compression"


def web_live_verdicts(
    https: ProbeResult | None, plain: PlainHttpResult | None, failures: dict[str, str]
) -> dict[str, LiveVerdict]:
    """``failures`` maps "https"/"http" to why that port gave no answer to judge."""
    verdicts = [LiveVerdict(COMPRESSION_RULE, "not-observed", NOT_PROBED)]
    if https is None:
        why = failures.get("https", "the HTTPS port was not probed")
        verdicts += [LiveVerdict(rule, "not-observed", why) for rule in TLS_RULE_IDS]
        verdicts.append(LiveVerdict(HSTS_RULE, "not-observed", why))
    else:
        verdicts += [*tls_verdicts([https]), _aead(https), _hsts(https)]
    verdicts.append(_redirect(plain, failures.get("http")))
    return {v.rule: v for v in verdicts}


def _aead(https: ProbeResult) -> LiveVerdict:
    names = {s.name for s in https.accepted_suites}
    tls13 = {n for n in names if "_WITH_" not in n}
    other = sorted(n for n in names - tls13 if not any(m in n for m in AEAD_MARKERS))
    return LiveVerdict(AEAD_RULE, "fail" if other else "pass", f"suites that are not AEAD: {other}")


def _hsts(https: ProbeResult) -> LiveVerdict:
    check = https.http
    if check is None:
        return LiveVerdict(HSTS_RULE, "not-observed", "GET / was not sent over TLS")
    age = check.hsts_max_age
    ok = age is not None and age >= HSTS_MINIMUM_S
    detail = (check.hsts_problem or f"max-age {age}") if check.hsts else "no header"
    return LiveVerdict(
        HSTS_RULE,
        "pass" if ok else "fail",
        f"GET / over TLS: {check.status}, Strict-Transport-Security: {detail}",
    )


def _redirect(plain: PlainHttpResult | None, failure: str | None) -> LiveVerdict:
    if plain is None:
        return LiveVerdict(REDIRECT_RULE, "not-observed", failure or "no plain HTTP port")
    check = plain.http
    return LiveVerdict(
        REDIRECT_RULE,
        "pass" if check.redirects_to_https else "fail",
        f"GET / in the clear: {check.status}, Location: {check.location}",
    )
