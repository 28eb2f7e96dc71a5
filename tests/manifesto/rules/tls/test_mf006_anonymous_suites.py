"""MF006 on a server whose DH group OpenSSL's dh_auto picks: anonymous DHE suites.

ssl_get_auto_dh (ssl/t1_lib.c) sizes the group of a suite without a certificate by
its cipher: RFC 3526's 3072 bits for a 256-bit cipher, RFC 2409's 1024 bits below.
Postfix 3.7 and later (no DH file) hand their groups to dh_auto and offer anonymous
suites to opportunistic peers, so a 128-bit anonymous suite is served with 1024 bits.
"""

from __future__ import annotations

from model_builders import setting, tls_listener
from rule_checks import check_rule, findings_of
from tls_manifesto.model import DheWithoutParams, Source
from tls_manifesto.verdicts import Status

DH_AUTO = DheWithoutParams(
    negotiates_dhe=True,
    builtin_group_bits=2048,
    builtin_group="the 2048-bit MODP group of RFC 3526",
    source=Source("unit: dh_auto", "https://e.org/dh"),
    group_key="rfc3526-2048",
    sized_by_openssl=True,
)


def _check(ciphers: str, fact: DheWithoutParams = DH_AUTO):
    endpoint = tls_listener(ciphers=setting(ciphers, 12, "smtpd_tls_ciphers = ..."))
    return check_rule("MF006", endpoint, chapter="mail", dhe_without_params=fact)


def test_a_128_bit_anonymous_dhe_suite_fails_at_the_cipher_line() -> None:
    verdict = _check("DHE-RSA-AES128-GCM-SHA256:ADH-AES128-GCM-SHA256")
    assert verdict.status is Status.FAIL
    ((severity, line, message, detail),) = findings_of(verdict)
    assert (severity, line) == ("error", 12)
    assert message == "anonymous DHE suites get a 1024-bit group: ADH-AES128-GCM-SHA256"
    assert "RFC 2409" in detail and "smtpd_tls_exclude_ciphers = aNULL" in detail


def test_a_256_bit_anonymous_suite_gets_3072_bits_and_passes() -> None:
    verdict = _check("DHE-RSA-AES256-GCM-SHA384:ADH-AES256-GCM-SHA384")
    assert verdict.status is Status.PASS, verdict


def test_a_fixed_group_is_not_sized_by_openssl() -> None:
    # A server that installs its own 2048-bit group uses it for anonymous suites too.
    fixed = DheWithoutParams(
        negotiates_dhe=True,
        builtin_group_bits=2048,
        builtin_group="Postfix's compiled-in 2048-bit group",
        source=Source("unit: compiled-in", "https://e.org/c"),
    )
    verdict = _check("DHE-RSA-AES128-GCM-SHA256:ADH-AES128-GCM-SHA256", fixed)
    assert not any("anonymous" in f[2] for f in findings_of(verdict))
