"""The branches of MF009 (certificates) that no fixture config reaches,
on models built in code."""

from __future__ import annotations

from model_builders import setting, tls_listener
from rule_checks import CERT_SOURCE, OTHER_SOURCE, check_rule, findings_of
from tls_manifesto.verdicts import Status


def test_a_certificate_note_is_in_the_summary_once_and_in_a_finding() -> None:
    noted = "is fetched by ACME (unit)"
    verdict = check_rule(
        "MF009",
        tls_listener(certificate=setting("a.pem", 12), certificate_note=noted),
        tls_listener(
            name="listener 5223", certificate=setting("a.pem", 22), certificate_note=noted
        ),
        tls_listener(name="listener 5224", certificate_note=noted),
    )
    assert verdict.summary == (
        "TLS endpoints without a certificate; note: certificate is fetched by ACME (unit)"
    )
    assert findings_of(verdict) == [
        (
            "error",
            10,
            "TLS offered without a certificate",
            "configure a certificate; is fetched by ACME (unit)",
        )
    ]


def test_certificates_found_by_lookup_name_every_endpoint_and_the_source() -> None:
    lookup = 'found in the "certs" directory'
    verdict = check_rule(
        "MF009",
        tls_listener(),
        tls_listener(name="listener 5223"),
        certificate_lookup=lookup,
        sources=(OTHER_SOURCE, CERT_SOURCE),
    )
    assert verdict.status is Status.PASS
    assert verdict.summary == (
        "every TLS endpoint has a certificate; listener 5222, listener 5223 by the default "
        f"of ejabberd 99.1, {lookup} (source: unit: certificates directory <https://e.org/c>)"
    )


def test_without_any_profile_source_a_default_says_no_source_given() -> None:
    verdict = check_rule(
        "MF009",
        tls_listener(certificate=setting("a.pem", 12)),
        certificate_lookup="found by lookup",
        sources=(),
    )
    assert verdict.summary == (
        "every TLS endpoint has a certificate; where no ssl.certificate names a file, "
        "found by lookup (source: no source given)"
    )
