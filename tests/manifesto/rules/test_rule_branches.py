"""The branches of MF001-MF004, MF008 and MF009 that no fixture config reaches, on models
built in code: several endpoints on one default, settings without a line, included files,
peer authentication alone, a TLS 1.3-only endpoint, and certificate notes and lookups."""

from __future__ import annotations

from model_builders import PATH, config, profile, setting, tls_listener
from tls_manifesto.model import Endpoint, Evidence, Setting, Source
from tls_manifesto.rules import RULES_BY_ID, CheckOptions
from tls_manifesto.tls.ciphers import OPENSSL_VERSION
from tls_manifesto.verdicts import Status

BELOW_TLS_1_3 = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"})
TLS_SOURCE = Source(
    "unit: c2s_require_encryption = true, s2s_require_encryption = true", "https://e.org/t"
)
CERT_SOURCE = Source("unit: certificates directory", "https://e.org/c")
OTHER_SOURCE = Source("unit: something else", "https://e.org/o")


def _check(rule: str, *endpoints: Endpoint, policy: str = "require-fs", **server):
    return RULES_BY_ID[rule].check(
        config(*endpoints, server=profile(**server)), CheckOptions(policy)
    )


def _findings(verdict):
    return [(f.severity.value, f.line, f.message, f.detail) for f in verdict.findings]


def _host(name: str, role: str = "c2s", line: int = 10, **fields) -> Endpoint:
    base = {"tls_required": None, "starttls_offered": setting(True, line)}
    return tls_listener(
        name=name, role=role, evidence=(Evidence(PATH, line, name),), **{**base, **fields}
    )


def test_c2s_endpoints_on_the_default_are_all_named_with_its_source() -> None:
    verdict = _check(
        "MF001",
        _host("VirtualHost a.org"),
        _host("VirtualHost b.org", line=20),
        default_tls_required=frozenset({"c2s"}),
        sources=(OTHER_SOURCE, TLS_SOURCE),
    )
    assert verdict.status is Status.PASS and verdict.evidence == ()
    assert verdict.summary == (
        "all 2 client listeners require TLS; VirtualHost a.org, VirtualHost b.org by the "
        "default of ejabberd 99.1, c2s_require_encryption = true (source: unit: "
        "c2s_require_encryption = true, s2s_require_encryption = true <https://e.org/t>)"
    )


def test_s2s_endpoints_on_the_default_are_all_named_with_its_source() -> None:
    verdict = _check(
        "MF002",
        _host("VirtualHost a.org", role="s2s"),
        _host("VirtualHost b.org", role="s2s", line=20),
        default_tls_required=frozenset({"s2s"}),
        sources=(OTHER_SOURCE, TLS_SOURCE),
    )
    assert verdict.status is Status.PASS
    assert verdict.summary == (
        "server-to-server connections require TLS; VirtualHost a.org, VirtualHost b.org by "
        "the default of ejabberd 99.1, s2s_require_encryption = true (source: unit: "
        "c2s_require_encryption = true, s2s_require_encryption = true <https://e.org/t>)"
    )


def test_a_requirement_set_without_a_line_cites_the_endpoints_declaration() -> None:
    no_line = Setting(True, ())
    for rule, fields in (
        ("MF001", {"tls_required": None, "direct_tls": no_line}),
        ("MF001", {"tls_required": no_line}),
        ("MF002", {"role": "s2s", "tls_required": no_line}),
        ("MF002", {"role": "s2s", "tls_required": None, "peer_authentication_required": no_line}),
        ("MF008", {"role": "http", "web_admin": True, "direct_tls": no_line}),
    ):
        verdict = _check(rule, tls_listener(**fields))
        assert verdict.status is Status.PASS, (rule, fields)
        assert [e.line for e in verdict.evidence] == [10], (rule, fields)


def test_s2s_peer_authentication_alone_requires_tls_and_is_cited() -> None:
    endpoint = tls_listener(
        role="s2s", tls_required=None, peer_authentication_required=setting(True, 16)
    )
    verdict = _check("MF002", endpoint)
    assert verdict.status is Status.PASS
    assert [e.line for e in verdict.evidence] == [16]


def test_s2s_tls_required_and_peer_authentication_are_both_cited() -> None:
    endpoint = tls_listener(role="s2s", peer_authentication_required=setting(True, 16))
    assert [e.line for e in _check("MF002", endpoint).evidence] == [11, 16]


def test_an_irc_port_with_tls_switched_off_points_at_that_line() -> None:
    endpoint = tls_listener(
        role="irc-client", tls_required=None, direct_tls=setting(False, 12, "port = 6667;")
    )
    verdict = _check("MF001", endpoint)
    assert _findings(verdict) == [
        ("error", 12, "plaintext client port", "require TLS on every client port")
    ]


def test_a_web_admin_with_tls_off_points_at_that_line_and_every_listener_is_judged() -> None:
    verdict = _check(
        "MF008",
        tls_listener(role="http", web_admin=True, direct_tls=setting(True, 11)),
        tls_listener(
            name="listener 5281", role="http", web_admin=True, direct_tls=setting(False, 21)
        ),
    )
    assert verdict.status is Status.FAIL
    assert verdict.summary == "the web admin is plaintext"
    assert [(f.line, f.endpoint) for f in verdict.findings] == [(21, "listener 5281")]
    assert [e.line for e in verdict.evidence] == [11]


def test_a_finding_about_a_line_of_an_included_file_is_in_that_file() -> None:
    included = Setting(frozenset({"SSLv2"}), (Evidence("unit/tls.yml", 4, "protocol_options"),))
    verdict = _check("MF004", tls_listener(disabled_protocols=included))
    assert {(f.path, f.line) for f in verdict.findings} == {("unit/tls.yml", 4)}
    assert verdict.path == PATH
    assert all([(e.path, e.line) for e in f.evidence] == [("unit/tls.yml", 4)]
               for f in verdict.findings)  # fmt: skip


def test_the_same_line_number_in_two_files_is_two_settings() -> None:
    main = setting(("secp192r1",), 14)
    other = Setting(("secp192r1",), (Evidence("unit/other.yml", 14, "curve"),))
    verdict = _check(
        "MF007",
        tls_listener(ecdh_curves=main),
        tls_listener(name="outgoing s2s", role="s2s-out", ecdh_curves=other),
    )
    assert [(f.path, f.endpoint) for f in verdict.findings] == [
        (PATH, "listener 5222"),
        ("unit/other.yml", "outgoing s2s"),
    ]


def test_a_curve_list_without_a_line_is_still_judged() -> None:
    verdict = _check("MF007", tls_listener(ecdh_curves=Setting(("secp192r1",), ())))
    assert verdict.status is Status.FAIL


def test_protocols_the_library_never_offers_are_named_in_order_with_their_source() -> None:
    verdict = _check(
        "MF004",
        tls_listener(disabled_protocols=setting(frozenset({"TLSv1", "TLSv1.1"}), 15)),
        never_offered_protocols=frozenset({"SSLv3", "SSLv2"}),
        sources=(OTHER_SOURCE, Source("unit: SSL_OP_NO_SSLv3 always set", "https://e.org/p")),
    )
    assert verdict.status is Status.PASS
    assert verdict.summary == (
        "SSLv2, SSLv3, TLS 1.0 and TLS 1.1 are disabled; ejabberd 99.1 never offers SSLv2, "
        "SSLv3 (source: unit: SSL_OP_NO_SSLv3 always set <https://e.org/p>)"
    )
    assert [e.line for e in verdict.evidence] == [15]


def test_an_enabled_protocol_on_a_configured_list_cites_that_list() -> None:
    verdict = _check(
        "MF004", tls_listener(disabled_protocols=setting(frozenset({"SSLv2", "SSLv3"}), 15))
    )
    assert verdict.status is Status.WARN
    assert [(f.severity.value, f.line, f.message) for f in verdict.findings] == [
        ("warning", 15, "TLSv1, TLSv1.1 enabled")
    ]
    assert [e.line for e in verdict.findings[0].evidence] == [15]
    assert verdict.evidence == ()  # a list that leaves TLS 1.0 on proves nothing


def test_a_default_that_refuses_nothing_says_so() -> None:
    verdict = _check("MF004", tls_listener(), default_disabled_protocols=frozenset())
    assert verdict.summary.endswith(
        "where nothing is configured, the default of ejabberd 99.1, no protocol version "
        "refused (source: unit profile: default ciphers <https://example.org/ciphers>)"
    )
    assert [e.line for e in verdict.findings[0].evidence] == [10]


def test_tls13_only_endpoints_pass_mf003_and_are_named_once() -> None:
    refused = setting(BELOW_TLS_1_3, 16, "protocol_options: ...")
    verdict = _check(
        "MF003",
        tls_listener(disabled_protocols=refused, ciphers=setting("AES128-SHA", 12)),
        tls_listener(name="outgoing s2s", role="s2s-out", disabled_protocols=refused),
    )
    assert verdict.status is Status.PASS
    assert verdict.summary == (
        "every cipher list requires forward secrecy (expanded with "
        f"{OPENSSL_VERSION}); listener 5222, outgoing s2s: only TLS 1.3, whose suites are "
        "all forward-secret"
    )
    assert [e.line for e in verdict.evidence] == [16]


def test_prefer_fs_pass_and_failures_say_prefer() -> None:
    good = _check(
        "MF003",
        tls_listener(ciphers=setting("ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA", 12)),
        policy="prefer-fs",
    )
    assert good.status is Status.PASS
    assert good.summary.startswith("every cipher list prefers forward secrecy (expanded with ")
    none_fs = _check("MF003", tls_listener(ciphers=setting("AES128-SHA", 12)), policy="prefer-fs")
    assert none_fs.summary.startswith("cipher lists fail prefer-fs (expanded with ")
    assert _findings(none_fs)[0][2] == "no forward-secret suite offered"
    assert _findings(none_fs)[0][3].startswith(
        "put ECDHE/DHE suites first, e.g. start the list with kEECDH:kEDH; "
        "configure a cipher list; cipher list 'AES128-SHA'"
    )


def test_a_cipher_string_of_psk_suites_only_selects_nothing_a_server_offers() -> None:
    verdict = _check("MF003", tls_listener(ciphers=setting("PSK", 12)))
    (finding,) = _findings(verdict)
    assert finding[:3] == ("error", 12, "cipher list selects no TLS 1.2 or older suite")
    assert finding[3].startswith("fix the cipher string; configure a cipher list; ")


def test_a_cipher_string_openssl_refuses_is_named_with_its_error() -> None:
    verdict = _check("MF003", tls_listener(ciphers=setting("aNULL:!aNULL", 12)))
    (finding,) = _findings(verdict)
    assert finding[2].startswith("cipher list does not expand: ")
    assert "selects no cipher suite from 'aNULL:!aNULL'" in finding[2]
    assert finding[3].startswith("fix the cipher string; configure a cipher list; ")


def test_a_certificate_note_is_in_the_summary_once_and_in_a_finding() -> None:
    noted = "is fetched by ACME (unit)"
    verdict = _check(
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
    assert _findings(verdict) == [
        (
            "error",
            10,
            "TLS offered without a certificate",
            "configure a certificate; is fetched by ACME (unit)",
        )
    ]


def test_certificates_found_by_lookup_name_every_endpoint_and_the_source() -> None:
    lookup = 'found in the "certs" directory'
    verdict = _check(
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
    verdict = _check(
        "MF009",
        tls_listener(certificate=setting("a.pem", 12)),
        certificate_lookup="found by lookup",
        sources=(),
    )
    assert verdict.summary == (
        "every TLS endpoint has a certificate; where no ssl.certificate names a file, "
        "found by lookup (source: no source given)"
    )


def test_not_applicable_verdicts_name_the_config() -> None:
    verdict = _check("MF008", tls_listener())
    assert verdict.status is Status.NOT_APPLICABLE
    assert (verdict.path, verdict.summary) == (PATH, "no listener serves the web admin")


def test_an_endpoint_declared_nowhere_gets_a_finding_without_a_line() -> None:
    verdict = _check("MF001", tls_listener(tls_required=None, evidence=()))
    assert [(f.line, f.path, f.evidence) for f in verdict.findings] == [(None, PATH, ())]
