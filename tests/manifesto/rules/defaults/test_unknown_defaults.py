"""Rules whose verdict rests on a default the server's version table does not know fail,
and say what is missing and how to settle it, word for word."""

from __future__ import annotations

import pytest
from model_builders import config, profile, setting, tls_listener
from tls_manifesto.rules import RULES_BY_ID, CheckOptions
from tls_manifesto.verdicts import Status

ORDER_FIX = "make the server's cipher order decide"


UNKNOWN = {"default_disabled_protocols": None, "default_server_cipher_order": None}


def _check(rule: str, *endpoints, **server):
    server = {**UNKNOWN, **server}
    return RULES_BY_ID[rule].check(config(*endpoints, server=profile(**server)), CheckOptions())


def _findings(verdict):
    return [(f.severity.value, f.line, f.message, f.detail) for f in verdict.findings]


@pytest.mark.parametrize(
    ("rule", "what"),
    [("MF003", "cipher list"), ("MF004", "protocol versions"), ("MF005", "cipher order")],
)
def test_an_unknown_default_fails_and_names_the_version(rule: str, what: str) -> None:
    verdict = _check(rule, tls_listener())
    assert verdict.status is Status.FAIL
    assert _findings(verdict) == [
        (
            "error",
            10,
            f"no {what} set, and the default of ejabberd 99.1 is not known",
            f"the table has no {what} default for ejabberd 99.1; set it, or name a known "
            "version with --server-version",
        )
    ]


def test_the_profiles_reason_replaces_the_generic_one_and_a_missing_version_is_left_out() -> None:
    verdict = _check(
        "MF004", tls_listener(), version=None, unknown="ejabberd 7 is not in the table"
    )
    assert _findings(verdict) == [
        (
            "error",
            10,
            "no protocol versions set, and the default of ejabberd is not known",
            "ejabberd 7 is not in the table; set it, or name a known version with --server-version",
        )
    ]
    assert verdict.summary == (
        "obsolete or deprecated protocol versions stay enabled; where nothing is configured, "
        "the protocol versions ejabberd refuses are not known"
    )


def test_an_unknown_order_default_is_named_in_the_summary() -> None:
    verdict = _check("MF005", tls_listener())
    assert verdict.summary == (
        "the client's cipher order wins; where nothing is configured, whose order "
        "ejabberd 99.1 follows is not known"
    )


def test_a_client_order_default_warns_and_names_its_source() -> None:
    endpoint = tls_listener(ciphers=setting("AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256", 12))
    verdict = _check("MF005", endpoint, default_server_cipher_order=False)
    assert verdict.status is Status.WARN
    default = (
        "the default of ejabberd 99.1, the client's cipher order "
        "(source: unit profile: default ciphers <https://example.org/ciphers>)"
    )
    assert verdict.summary == (
        f"the client's cipher order wins; where nothing is configured, {default}"
    )
    assert _findings(verdict) == [
        (
            "warning",
            10,
            "the client's cipher order decides",
            f"a preferred forward-secret order is not enforced ({ORDER_FIX}; {default})",
        )
    ]


def test_a_configured_client_order_warns_without_naming_a_default() -> None:
    endpoint = tls_listener(
        server_cipher_order=setting(False, 15),
        ciphers=setting("AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256", 12),
    )
    verdict = _check("MF005", endpoint)
    assert verdict.status is Status.WARN
    assert verdict.summary == "the client's cipher order wins"
    assert _findings(verdict) == [
        (
            "warning",
            15,
            "the client's cipher order decides",
            f"a preferred forward-secret order is not enforced ({ORDER_FIX})",
        )
    ]


def test_a_configured_server_order_passes_and_cites_its_line() -> None:
    verdict = _check("MF005", tls_listener(server_cipher_order=setting(True, 15)))
    assert verdict.status is Status.PASS
    assert verdict.summary == (
        "the server's cipher order is enforced, or every suite offered is forward-secret"
    )
    assert [e.line for e in verdict.evidence] == [15]


def test_a_server_order_default_passes_and_names_its_source() -> None:
    verdict = _check("MF005", tls_listener(), default_server_cipher_order=True)
    assert verdict.status is Status.PASS
    assert verdict.evidence == ()
    assert verdict.summary == (
        "the server's cipher order is enforced, or every suite offered is forward-secret; "
        "where nothing is configured, the default of ejabberd 99.1, the server's cipher order "
        "(source: unit profile: default ciphers <https://example.org/ciphers>)"
    )


def test_only_tls13_makes_the_clients_order_harmless() -> None:
    refused = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"})
    endpoint = tls_listener(
        server_cipher_order=setting(False, 15), disabled_protocols=setting(refused, 16)
    )
    verdict = _check("MF005", endpoint)
    assert verdict.status is Status.PASS
    assert _findings(verdict) == [
        (
            "note",
            10,
            "the client's cipher order decides, but every suite offered is forward-secret",
            "only TLS 1.3 is accepted, whose suites are all forward-secret, so the client's "
            "order cannot weaken forward secrecy; Mozilla's intermediate profile leaves the "
            "server's order off on purpose (https://wiki.mozilla.org/Security/Server_Side_TLS)",
        )
    ]


def _client_order(name: str = "listener 5223", **fields):
    return tls_listener(name=name, server_cipher_order=setting(False, 25), **fields)


@pytest.mark.parametrize(
    "first",
    [tls_listener(), tls_listener(server_cipher_order=setting(True, 15))],
    ids=["unknown default", "server order"],
)
def test_endpoints_after_a_judged_one_are_still_judged(first) -> None:
    verdict = _check("MF005", first, _client_order(ciphers=setting("AES128-SHA", 22)))
    assert ("warning", 25, "the client's cipher order decides") in [
        f[:3] for f in _findings(verdict)
    ]


def test_a_client_order_warning_cites_the_order_line() -> None:
    verdict = _check("MF005", _client_order(ciphers=setting("AES128-SHA", 22)))
    (finding,) = verdict.findings
    assert [e.line for e in finding.evidence] == [25]


@pytest.mark.parametrize(
    ("ciphers", "server"),
    [
        (setting("aNULL:!aNULL", 22), {}),  # does not expand
        (setting("PSK", 22), {}),  # no suite a server offers
        (None, {"default_ciphers": None}),  # nothing known
    ],
    ids=["unexpandable", "psk only", "unknown list"],
)
def test_the_clients_order_warns_when_the_suites_are_not_known_forward_secret(
    ciphers, server
) -> None:
    verdict = _check("MF005", _client_order(ciphers=ciphers), **server)
    assert [f[0] for f in _findings(verdict)] == ["warning"]


def test_tls13_only_with_a_cipher_list_still_says_only_tls13() -> None:
    refused = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"})
    endpoint = _client_order(
        ciphers=setting("AES128-SHA", 22), disabled_protocols=setting(refused, 26)
    )
    verdict = _check("MF005", endpoint)
    (finding,) = verdict.findings
    assert finding.detail.startswith(
        "only TLS 1.3 is accepted, whose suites are all forward-secret"
    )
    assert finding.line == 10 and [e.line for e in finding.evidence] == [10]


def test_a_forward_secret_list_with_the_clients_order_cites_the_list() -> None:
    endpoint = _client_order(ciphers=setting("ECDHE-RSA-AES128-GCM-SHA256", 22))
    verdict = _check("MF005", endpoint)
    (finding,) = verdict.findings
    assert finding.severity.value == "note"
    assert finding.line == 22 and [e.line for e in finding.evidence] == [22]
    assert [e.line for e in verdict.evidence] == [22]


def test_endpoints_after_a_forward_secret_only_one_are_still_judged() -> None:
    verdict = _check(
        "MF005",
        _client_order(name="listener 5222", ciphers=setting("ECDHE-RSA-AES128-GCM-SHA256", 12)),
        tls_listener(
            name="listener 5223",
            server_cipher_order=setting(False, 35),
            ciphers=setting("AES128-SHA", 32),
        ),
    )
    assert [f[:2] for f in _findings(verdict)] == [("note", 12), ("warning", 35)]
