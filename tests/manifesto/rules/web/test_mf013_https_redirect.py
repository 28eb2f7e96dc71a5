"""MF013 (plain HTTP redirects to https), on models built in code."""

from __future__ import annotations

from model_builders import PATH, setting, tls_listener
from rule_checks import check_rule, findings_of
from tls_manifesto.model import Evidence
from tls_manifesto.verdicts import Status


def plain_site(**fields):
    base = {
        "role": "web",
        "name": "server block line 20",
        "evidence": (Evidence(PATH, 20, "server {"),),
        "tls_required": None,
        "direct_tls": setting(False, 21, "listen 80;"),
    }
    return tls_listener(**{**base, **fields})


def test_a_redirecting_site_passes_and_cites_the_redirect() -> None:
    redirect = setting(True, 23, "return 301 https://$host$request_uri;")
    verdict = check_rule("MF013", plain_site(redirects_to_https=redirect), chapter="web")
    assert verdict.status is Status.PASS
    assert [e.line for e in verdict.evidence] == [23]


def test_a_site_serving_content_fails() -> None:
    verdict = check_rule("MF013", plain_site(), chapter="web")
    ((severity, line, message, detail),) = findings_of(verdict)
    assert (severity, line, message) == ("error", 20, "plain HTTP site does not redirect to https")
    assert "return 301" in detail


def test_https_sites_are_not_judged() -> None:
    https = plain_site(direct_tls=setting(True, 21, "listen 443 ssl;"))
    assert check_rule("MF013", https, chapter="web").status is Status.NOT_APPLICABLE


def test_every_site_is_judged_after_a_redirecting_one() -> None:
    redirect = setting(True, 23, "return 301 https://$host$request_uri;")
    second = plain_site(name="server block line 30", evidence=(Evidence(PATH, 30, "server {"),))
    verdict = check_rule("MF013", plain_site(redirects_to_https=redirect), second, chapter="web")
    assert [f[1:3] for f in findings_of(verdict)] == [
        (30, "plain HTTP site does not redirect to https")
    ]


def test_a_redirect_that_is_not_to_https_is_cited_in_the_finding() -> None:
    elsewhere = setting(False, 23, "return 301 http://example.org$request_uri;")
    verdict = check_rule("MF013", plain_site(redirects_to_https=elsewhere), chapter="web")
    (finding,) = verdict.findings
    assert (finding.line, [e.line for e in finding.evidence]) == (20, [23])
