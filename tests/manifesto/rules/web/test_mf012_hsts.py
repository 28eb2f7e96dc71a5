"""MF012 (HSTS on every HTTPS site), on models built in code."""

from __future__ import annotations

from model_builders import PATH, setting, tls_listener
from rule_checks import check_rule, findings_of
from tls_manifesto.model import Evidence, Setting
from tls_manifesto.verdicts import Status


def site(line: int = 5, **fields):
    base = {
        "role": "web",
        "name": f"server block line {line}",
        "evidence": (Evidence(PATH, line, "server {"),),
        "tls_required": None,
        "direct_tls": setting(True, line + 1, "listen 443 ssl;"),
    }
    return tls_listener(**{**base, **fields})


def test_six_months_passes_under_the_guide_and_fails_under_mozilla() -> None:
    hsts = setting(15768000, 9, 'add_header Strict-Transport-Security "max-age=15768000";')
    guide = check_rule("MF012", site(hsts_max_age=hsts), chapter="web")
    assert guide.status is Status.PASS
    assert [e.line for e in guide.evidence] == [9]
    mozilla = check_rule(
        "MF012", site(hsts_max_age=hsts), chapter="web", policy="mozilla-intermediate"
    )
    assert mozilla.status is Status.FAIL
    assert findings_of(mozilla)[0][1:3] == (
        9,
        "Strict-Transport-Security max-age=15768000 is shorter than Mozilla intermediate"
        " asks (63072000 s)",
    )


def test_a_site_without_the_header_fails_at_its_declaration() -> None:
    verdict = check_rule("MF012", site(), chapter="web")
    ((severity, line, message, _),) = findings_of(verdict)
    assert (severity, line, message) == ("error", 5, "no Strict-Transport-Security header")


def test_plain_sites_are_not_judged() -> None:
    plain = site(direct_tls=setting(False, 6, "listen 80;"))
    verdict = check_rule("MF012", plain, chapter="web")
    assert verdict.status is Status.NOT_APPLICABLE
    assert verdict.summary == "no HTTPS site"


def test_a_missing_header_says_what_a_browser_risks_and_what_to_send() -> None:
    verdict = check_rule("MF012", site(), chapter="web")
    assert findings_of(verdict)[0][3] == (
        "a browser that once reached the site by https can be sent to plain http again;"
        " send Strict-Transport-Security: max-age=15768000 (or more) on every response"
    )


def test_a_short_max_age_cites_its_header_line() -> None:
    hsts = setting(300, 9, 'add_header Strict-Transport-Security "max-age=300";')
    verdict = check_rule("MF012", site(hsts_max_age=hsts), chapter="web")
    (finding,) = verdict.findings
    assert (finding.line, [e.line for e in finding.evidence]) == (9, [9])


def test_a_short_max_age_without_a_line_points_at_the_site() -> None:
    verdict = check_rule("MF012", site(hsts_max_age=Setting(300, ())), chapter="web")
    (finding,) = verdict.findings
    assert (finding.line, [e.line for e in finding.evidence]) == (5, [5])
