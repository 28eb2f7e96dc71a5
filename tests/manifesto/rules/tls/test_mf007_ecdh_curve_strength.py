"""MF007 at the 128-bit boundary, curve by curve, with the exact words of each verdict."""

from __future__ import annotations

import pytest
from model_builders import config, setting, tls_listener
from tls_manifesto.rules import CheckOptions, ecdh_curves
from tls_manifesto.verdicts import Status

PASS_SUMMARY = "every configured ECDH curve gives at least 128-bit security"
FAIL_SUMMARY = "weak or unknown ECDH curves are configured"

# Security strength of each named curve (NIST SP 800-57 Part 1 Rev. 5 table 2, RFC 7748),
# written out again here so a changed number in the rule's table shows.
STRONG = [
    "prime256v1", "secp256r1", "P-256", "secp384r1", "P-384", "secp521r1", "P-521",
    "X25519", "X448", "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1", "secp256k1",
    "X25519MLKEM768", "SecP256r1MLKEM768", "SecP384r1MLKEM1024",
]  # fmt: skip
WEAK = ["secp224r1", "P-224", "prime192v1", "secp192r1", "P-192", "secp160r1"]


def _check(*curves: str, line: int = 14):
    endpoint = tls_listener(ecdh_curves=setting(curves, line, "curve = ..."))
    return ecdh_curves.RULE.check(config(endpoint), CheckOptions())


def _findings(verdict):
    return [(f.severity.value, f.line, f.message, f.detail) for f in verdict.findings]


@pytest.mark.parametrize("curve", STRONG)
def test_a_curve_of_128_bits_or_more_passes_in_any_case(curve: str) -> None:
    for spelling in (curve, curve.upper(), curve.lower()):
        verdict = _check(spelling)
        assert verdict.status is Status.PASS, spelling
        assert verdict.summary == PASS_SUMMARY
        assert [e.line for e in verdict.evidence] == [14]


@pytest.mark.parametrize("curve", WEAK)
def test_a_curve_below_128_bits_fails(curve: str) -> None:
    verdict = _check(curve)
    assert verdict.status is Status.FAIL
    assert verdict.summary == FAIL_SUMMARY
    assert verdict.evidence == ()
    assert _findings(verdict) == [
        (
            "error",
            14,
            f"curves below 128-bit security: {curve}",
            "use X25519, prime256v1 or secp384r1",
        )
    ]


def test_the_table_is_the_one_written_here() -> None:
    strengths = ecdh_curves.CURVE_STRENGTH_BITS
    assert {c.lower() for c in STRONG} | {c.lower() for c in WEAK} == set(strengths)
    assert strengths["secp224r1"] == strengths["p-224"] == 112
    assert strengths["x448"] == 224 and strengths["secp160r1"] == 80


def test_weak_and_unknown_curves_are_named_in_order_with_their_own_severity() -> None:
    verdict = _check("X25519", "secp192r1", "curve9", "P-224", "Curve25519x")
    assert verdict.status is Status.FAIL
    assert verdict.summary == FAIL_SUMMARY
    assert verdict.evidence == ()  # a list with a weak curve proves nothing
    assert _findings(verdict) == [
        (
            "error",
            14,
            "curves below 128-bit security: secp192r1, P-224",
            "use X25519, prime256v1 or secp384r1",
        ),
        (
            "warning",
            14,
            "curves of unknown strength: curve9, Curve25519x",
            "check the spelling against openssl ecparam -list_curves",
        ),
    ]


def test_an_unknown_curve_alone_warns() -> None:
    verdict = _check("prime256v1", "curve9")
    assert verdict.status is Status.WARN
    assert verdict.summary == FAIL_SUMMARY
    assert [f[0] for f in _findings(verdict)] == ["warning"]


def test_one_curve_line_shared_by_endpoints_is_judged_once() -> None:
    curves = setting(("secp192r1",), 14)
    verdict = ecdh_curves.RULE.check(
        config(
            tls_listener(ecdh_curves=curves),
            tls_listener(name="outgoing s2s", role="s2s-out", ecdh_curves=curves),
        ),
        CheckOptions(),
    )
    (finding,) = verdict.findings
    assert finding.endpoint is None
    assert finding.endpoints == ("listener 5222", "outgoing s2s")


def test_endpoints_on_separate_lines_are_each_judged() -> None:
    verdict = ecdh_curves.RULE.check(
        config(
            tls_listener(ecdh_curves=setting(("X25519",), 14)),
            tls_listener(name="listener 5223", ecdh_curves=setting(("P-256",), 24)),
        ),
        CheckOptions(),
    )
    assert verdict.status is Status.PASS
    assert [e.line for e in verdict.evidence] == [14, 24]


def test_no_curve_list_is_not_applicable_and_says_why() -> None:
    verdict = ecdh_curves.RULE.check(config(tls_listener()), CheckOptions())
    assert verdict.status is Status.NOT_APPLICABLE
    assert verdict.summary == "no ECDH curve list is configured"


def test_each_finding_cites_the_curve_line_and_names_its_endpoint() -> None:
    verdict = _check("secp192r1", "curve9")
    assert [([e.line for e in f.evidence], f.endpoint) for f in verdict.findings] == [
        ([14], "listener 5222"),
        ([14], "listener 5222"),
    ]


def test_endpoints_after_a_shared_curve_line_are_still_judged() -> None:
    shared = setting(("secp192r1",), 14)
    verdict = ecdh_curves.RULE.check(
        config(
            tls_listener(ecdh_curves=shared),
            tls_listener(name="outgoing s2s", role="s2s-out", ecdh_curves=shared),
            tls_listener(name="listener 5223", ecdh_curves=setting(("secp160r1",), 24)),
        ),
        CheckOptions(),
    )
    assert [(f.line, f.message) for f in verdict.findings] == [
        (14, "curves below 128-bit security: secp192r1"),
        (24, "curves below 128-bit security: secp160r1"),
    ]
