"""MF003 on models built in code: policies, server defaults, TLS 1.3, bad strings."""

from __future__ import annotations

from model_builders import config, profile, setting, tls_listener
from tls_manifesto.rules import CheckOptions
from tls_manifesto.rules.tls.forward_secrecy import RULE
from tls_manifesto.tls.ciphers import OPENSSL_VERSION, expand_cipher_string
from tls_manifesto.verdicts import Severity, Status

FS_THEN_RSA = "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA"
RSA_THEN_FS = "AES128-SHA:CAMELLIA128-SHA:ECDHE-RSA-AES128-GCM-SHA256"


def _with_ciphers(cipher_string: str):
    return config(tls_listener(ciphers=setting(cipher_string, 12, f'ciphers: "{cipher_string}"')))


def test_prefer_fs_accepts_non_fs_suites_after_all_fs_ones() -> None:
    verdict = RULE.check(_with_ciphers(FS_THEN_RSA), CheckOptions("prefer-fs"))
    assert verdict.status is Status.PASS
    assert [e.line for e in verdict.evidence] == [12]


def test_require_fs_rejects_the_same_list() -> None:
    verdict = RULE.check(_with_ciphers(FS_THEN_RSA), CheckOptions("require-fs"))
    assert verdict.status is Status.FAIL
    (finding,) = verdict.findings
    assert finding.line == 12 and finding.severity is Severity.ERROR
    assert "non-forward-secret suites offered: AES128-SHA (" in finding.text
    assert OPENSSL_VERSION in finding.text


def test_prefer_fs_rejects_non_fs_suites_before_fs_ones() -> None:
    verdict = RULE.check(_with_ciphers(RSA_THEN_FS), CheckOptions("prefer-fs"))
    (finding,) = verdict.findings
    assert (
        "non-forward-secret suites offered before forward-secret ones: AES128-SHA, CAMELLIA128-SHA"
        in finding.text
    )


def test_missing_cipher_list_judges_the_server_default_and_cites_it() -> None:
    server = profile(default_ciphers="DEFAULT")
    verdict = RULE.check(config(tls_listener(), server=server), CheckOptions("require-fs"))
    assert verdict.status is Status.FAIL
    (finding,) = verdict.findings
    assert finding.line == 10  # the listener, since no ciphers line exists
    assert "uses its default 'DEFAULT'" in finding.text
    assert "https://example.org/ciphers" in finding.text


def test_missing_cipher_list_without_known_default_is_an_error() -> None:
    # Never pass what cannot be seen: an unknown default fails the verdict.
    verdict = RULE.check(config(tls_listener()), CheckOptions())
    (finding,) = verdict.findings
    assert finding.severity is Severity.ERROR and "is not known" in finding.text


def test_tls13_suites_are_listed_apart_and_never_fail_a_string() -> None:
    expansion = expand_cipher_string("ECDHE-RSA-AES128-GCM-SHA256")
    assert expansion.names == ("ECDHE-RSA-AES128-GCM-SHA256",)
    assert all(s.protocol == "TLSv1.3" and s.forward_secret for s in expansion.tls13_suites)


def test_insecure_suites_are_still_listed_at_security_level_zero() -> None:
    # A server built against an old OpenSSL would offer these; they must show up.
    names = expand_cipher_string("eNULL:ADH").names
    assert "NULL-SHA" in names and "ADH-AES128-SHA" in names


def test_psk_suites_are_set_apart() -> None:
    expansion = expand_cipher_string("DEFAULT")
    assert not any("PSK" in name for name in expansion.names)
    assert any("PSK" in s.name for s in expansion.psk_srp_suites)


def test_cipher_string_selecting_nothing_fails_with_the_reason() -> None:
    verdict = RULE.check(_with_ciphers("NO-SUCH-SUITE"), CheckOptions())
    (finding,) = verdict.findings
    assert finding.line == 12 and "selects no cipher suite" in finding.text


def test_endpoints_sharing_one_cipher_line_give_one_finding() -> None:
    ciphers = setting(FS_THEN_RSA, 12)
    shared = config(
        tls_listener(ciphers=ciphers),
        tls_listener(name="listener 5223", ciphers=ciphers),
    )
    assert len(RULE.check(shared, CheckOptions()).findings) == 1
