"""MF006 at each branch, on models built in code: the bit boundary, each finding's words,
and the summary for files measured, copies beside the config and built-in groups."""

from __future__ import annotations

import pytest
from model_builders import config, profile, setting, tls_listener
from tls_manifesto.model import DheWithoutParams, DhParamsMeasurement, Setting, Source
from tls_manifesto.rules import CheckOptions, dh_parameters
from tls_manifesto.verdicts import Status

DHE = "DHE-RSA-AES128-GCM-SHA256"
ECDHE = "ECDHE-RSA-AES128-GCM-SHA256"
GROUP_SOURCE = Source("unit: built-in group", "https://example.org/group")
FIX = "openssl dhparam -out dh.pem 2048"


def _group(bits: int | None, negotiates: bool = True) -> DheWithoutParams:
    name = f"the {bits}-bit unit group" if bits else None
    return DheWithoutParams(negotiates, bits, name, GROUP_SOURCE)


def _measured(bits: int | None, **fields: object) -> DhParamsMeasurement:
    base: dict[str, object] = {
        "looked_for": ("/srv/dh.pem",),
        "measured": "/srv/dh.pem",
        "prime_bits": bits,
    }
    base.update(fields)
    return DhParamsMeasurement(**base)  # type: ignore[arg-type]


def _with_file(found: DhParamsMeasurement | None, name: str = "listener 5222", line: int = 13):
    return tls_listener(
        name=name,
        ciphers=setting(DHE, 12),
        dh_params_file=setting("/srv/dh.pem", line, "dhfile: /srv/dh.pem"),
        dh_params=found,
    )


def _check(*endpoints, **server):
    return dh_parameters.RULE.check(config(*endpoints, server=profile(**server)), CheckOptions())


def _findings(verdict):
    return [(f.severity.value, f.line, f.message, f.detail) for f in verdict.findings]


@pytest.mark.parametrize("bits", [2048, 2049, 4096])
def test_a_prime_of_2048_bits_or_more_passes_and_cites_the_file_line(bits: int) -> None:
    verdict = _check(_with_file(_measured(bits)))
    assert verdict.status is Status.PASS
    assert verdict.summary == (
        "DH parameters are configured; those present have at least 2048 bits"
    )
    assert [(e.line, e.text) for e in verdict.evidence] == [(13, "dhfile: /srv/dh.pem")]
    assert verdict.findings == ()


@pytest.mark.parametrize("bits", [2047, 1024])
def test_a_prime_below_2048_bits_fails_at_the_file_line(bits: int) -> None:
    verdict = _check(_with_file(_measured(bits)))
    assert verdict.status is Status.FAIL
    assert verdict.summary == "DHE suites run without strong DH parameters"
    assert verdict.evidence == ()
    assert _findings(verdict) == [
        (
            "error",
            13,
            f"DH parameters have a {bits}-bit prime",
            "measured /srv/dh.pem; use at least 2048 bits: openssl dhparam -out FILE 2048",
        )
    ]
    assert [e.line for e in verdict.findings[0].evidence] == [13]


def test_an_unreadable_file_fails_with_the_readers_words() -> None:
    found = _measured(None, error="/srv/dh.pem: no '-----BEGIN DH PARAMETERS-----' block")
    verdict = _check(_with_file(found))
    assert verdict.status is Status.FAIL
    assert _findings(verdict) == [
        ("error", 13, "/srv/dh.pem: no '-----BEGIN DH PARAMETERS-----' block", "")
    ]


def test_a_file_not_there_names_every_place_looked_and_still_cites_its_line() -> None:
    found = DhParamsMeasurement(("/srv/dh.pem", "unit/dh.pem"), None)
    verdict = _check(_with_file(found))
    assert verdict.status is Status.WARN
    # "those present": a file not there is the warning's business, not the summary's
    assert verdict.summary == (
        "DH parameters are configured; those present have at least 2048 bits"
    )
    assert [e.line for e in verdict.evidence] == [13]
    assert _findings(verdict) == [
        (
            "warning",
            13,
            "DH parameters file /srv/dh.pem is not there to measure",
            "looked for /srv/dh.pem and unit/dh.pem; ship a copy with the same name beside "
            "the config or check its size by hand",
        )
    ]


def test_a_file_the_loader_did_not_measure_says_so() -> None:
    verdict = _check(_with_file(None))
    assert _findings(verdict) == [
        (
            "warning",
            13,
            "DH parameters file /srv/dh.pem is not there to measure",
            "it was not measured; ship a copy with the same name beside the config or check "
            "its size by hand",
        )
    ]


def test_a_strong_copy_beside_the_config_is_named_in_the_summary() -> None:
    found = _measured(
        2048, looked_for=("/etc/dh.pem", "unit/dh.pem"), measured="unit/dh.pem",
        is_copy_beside_config=True,
    )  # fmt: skip
    verdict = _check(_with_file(found))
    assert verdict.status is Status.PASS
    assert verdict.summary == (
        "DH parameters are configured; those present have at least 2048 bits; "
        "measured the copy beside the config: unit/dh.pem, 2048 bits"
    )


def test_a_weak_copy_beside_the_config_names_the_copy_and_the_configured_path() -> None:
    found = _measured(
        1024, looked_for=("/etc/dh.pem", "unit/dh.pem"), measured="unit/dh.pem",
        is_copy_beside_config=True,
    )  # fmt: skip
    verdict = _check(_with_file(found))
    assert verdict.summary == (
        "DHE suites run without strong DH parameters; "
        "measured the copy beside the config: unit/dh.pem, 1024 bits"
    )
    assert _findings(verdict)[0][3] == (
        "measured unit/dh.pem (the copy beside the config of /etc/dh.pem); use at least "
        "2048 bits: openssl dhparam -out FILE 2048"
    )


def test_without_a_file_and_no_known_group_the_fix_names_the_option() -> None:
    verdict = _check(tls_listener(ciphers=setting(DHE, 12)))
    assert verdict.status is Status.FAIL
    assert _findings(verdict) == [
        (
            "error",
            10,
            "DHE suites allowed without a DH parameters file: the group used is not known",
            f"DHE suites use a group this checker does not know; generate one: {FIX}, and set "
            "it as the server's DH parameters file, or exclude DHE suites with !kEDH",
        )
    ]


def test_a_version_that_cannot_set_dh_parameters_is_told_to_drop_dhe() -> None:
    verdict = _check(
        tls_listener(ciphers=setting(DHE, 12)),
        can_set_dh_params=False,
        dhe_without_params=_group(1024),
    )
    assert _findings(verdict) == [
        (
            "error",
            10,
            "DHE suites allowed, but this version cannot configure DH parameters: "
            "built-in 1024-bit group",
            "DHE suites use ejabberd 99.1's built-in 1024-bit group, the 1024-bit unit group "
            "(source: unit: built-in group <https://example.org/group>); "
            "exclude DHE suites with !kEDH",
        )
    ]


@pytest.mark.parametrize("bits", [1024, 2047])
def test_a_builtin_group_below_2048_bits_fails(bits: int) -> None:
    verdict = _check(tls_listener(ciphers=setting(DHE, 12)), dhe_without_params=_group(bits))
    assert verdict.status is Status.FAIL
    assert _findings(verdict)[0][2] == (
        f"DHE suites allowed without a DH parameters file: built-in {bits}-bit group"
    )


@pytest.mark.parametrize("bits", [2048, 3072])
def test_a_builtin_group_of_2048_bits_warns_that_it_is_shared(bits: int) -> None:
    verdict = _check(tls_listener(ciphers=setting(DHE, 12)), dhe_without_params=_group(bits))
    assert verdict.status is Status.WARN
    assert verdict.evidence == ()
    assert verdict.summary == (
        "warning: listener 5222 set no DH parameters file, so DHE suites use the default of "
        f"ejabberd 99.1, its built-in {bits}-bit group, the {bits}-bit unit group, shared by "
        "every such server (source: unit: built-in group <https://example.org/group>)"
    )
    assert _findings(verdict) == [
        (
            "warning",
            10,
            "no DH parameters file: DHE uses the server's built-in group, shared by many servers",
            f"DHE suites use ejabberd 99.1's built-in {bits}-bit group, the {bits}-bit unit group "
            "(source: unit: built-in group <https://example.org/group>); a group shared by many "
            f"servers is a precomputation target (weakdh.org): generate your own with {FIX} "
            "and set it as the server's DH parameters file, or exclude DHE suites with !kEDH",
        )
    ]


def test_a_file_and_a_builtin_group_are_both_in_the_summary() -> None:
    verdict = _check(
        _with_file(_measured(2048)),
        tls_listener(name="listener 5223", ciphers=setting(DHE, 20)),
        dhe_without_params=_group(2048),
    )
    assert verdict.status is Status.WARN
    assert verdict.summary.startswith(
        "DH parameters are configured; those present have at least 2048 bits; "
        "warning: listener 5223 set no DH parameters file"
    )


def test_a_library_that_negotiates_no_dhe_without_a_file_is_not_applicable() -> None:
    verdict = _check(
        tls_listener(ciphers=setting(DHE, 12)), dhe_without_params=_group(None, negotiates=False)
    )
    assert verdict.status is Status.NOT_APPLICABLE
    assert verdict.summary == (
        "listener 5222 allow DHE suites but set no DH parameters file, and without one "
        "ejabberd 99.1 negotiates no DHE suite "
        "(source: unit: built-in group <https://example.org/group>)"
    )


def test_endpoints_without_dhe_are_named_after_the_judged_ones() -> None:
    verdict = _check(
        _with_file(_measured(2048)),
        tls_listener(name="listener 5223", ciphers=setting(DHE, 20)),
        tls_listener(name="listener 5224", ciphers=setting(DHE, 30)),
        dhe_without_params=_group(None, negotiates=False),
    )
    assert verdict.status is Status.PASS
    assert verdict.summary == (
        "DH parameters are configured; those present have at least 2048 bits; "
        "listener 5223, listener 5224 allow DHE suites but set no DH parameters file, and "
        "without one ejabberd 99.1 negotiates no DHE suite "
        "(source: unit: built-in group <https://example.org/group>)"
    )


def test_endpoints_sharing_one_file_line_are_judged_once() -> None:
    weak = _measured(1024)
    verdict = _check(_with_file(weak), _with_file(weak, name="outgoing s2s"))
    (finding,) = verdict.findings
    assert finding.endpoint is None  # about the shared line, not one endpoint
    assert finding.endpoints == ("listener 5222", "outgoing s2s")


def test_an_ecdhe_only_list_is_out_of_scope() -> None:
    verdict = _check(tls_listener(ciphers=setting(ECDHE, 12)))
    assert verdict.status is Status.NOT_APPLICABLE
    assert verdict.summary == "no endpoint allows a DHE suite"


def test_an_unknown_default_cipher_list_is_judged_as_allowing_dhe() -> None:
    verdict = _check(tls_listener())  # no cipher list, and no known default
    assert verdict.status is Status.FAIL


def test_every_finding_cites_the_file_line_and_names_its_endpoint() -> None:
    for found in (_measured(1024), _measured(None, error="bad"), DhParamsMeasurement((), None)):
        verdict = _check(_with_file(found))
        (finding,) = verdict.findings
        assert [e.line for e in finding.evidence] == [13], found
        assert finding.endpoint == "listener 5222", found
    assert _check(_with_file(_measured(None, error="bad"))).evidence == ()


def test_a_file_setting_without_a_line_points_at_the_endpoint() -> None:
    for found in (_measured(1024), DhParamsMeasurement(("/srv/dh.pem",), None)):
        endpoint = tls_listener(
            ciphers=setting(DHE, 12), dh_params_file=Setting("/srv/dh.pem", ()), dh_params=found
        )
        (finding,) = _check(endpoint).findings
        assert finding.line == 10, found


def test_endpoints_after_a_shared_file_line_are_still_judged() -> None:
    weak = _measured(1024)
    verdict = _check(
        _with_file(weak),
        _with_file(weak, name="outgoing s2s"),
        _with_file(_measured(1000), name="listener 5223", line=23),
    )
    assert [(f.line, f.message) for f in verdict.findings] == [
        (13, "DH parameters have a 1024-bit prime"),
        (23, "DH parameters have a 1000-bit prime"),
    ]


def test_an_endpoint_on_tls_by_default_is_in_scope() -> None:
    endpoint = tls_listener(tls_required=None, ciphers=setting(DHE, 12))
    verdict = _check(endpoint, default_tls_required=frozenset({"c2s"}))
    assert verdict.status is Status.FAIL


def test_several_endpoints_on_the_shared_builtin_group_are_all_named() -> None:
    verdict = _check(
        tls_listener(ciphers=setting(DHE, 12)),
        tls_listener(name="listener 5223", ciphers=setting(DHE, 22)),
        dhe_without_params=_group(2048),
    )
    assert verdict.summary.startswith(
        "warning: listener 5222, listener 5223 set no DH parameters file"
    )
