"""The branches of MF003 (forward secrecy) that no fixture config reaches,
on models built in code."""

from __future__ import annotations

from model_builders import PATH, setting, tls_listener
from rule_checks import BELOW_TLS_1_3, check_rule, findings_of
from tls_manifesto.model import Evidence
from tls_manifesto.tls.ciphers import OPENSSL_VERSION
from tls_manifesto.verdicts import Status


def test_tls13_only_endpoints_pass_mf003_and_are_named_once() -> None:
    refused = setting(BELOW_TLS_1_3, 16, "protocol_options: ...")
    verdict = check_rule(
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
    good = check_rule(
        "MF003",
        tls_listener(ciphers=setting("ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA", 12)),
        policy="prefer-fs",
    )
    assert good.status is Status.PASS
    assert good.summary.startswith("every cipher list prefers forward secrecy (expanded with ")
    none_fs = check_rule(
        "MF003", tls_listener(ciphers=setting("AES128-SHA", 12)), policy="prefer-fs"
    )
    assert none_fs.summary.startswith("cipher lists fail prefer-fs (expanded with ")
    assert findings_of(none_fs)[0][2] == "no forward-secret suite offered"
    assert findings_of(none_fs)[0][3].startswith(
        "put ECDHE/DHE suites first, e.g. start the list with kEECDH:kEDH; "
        "configure a cipher list; cipher list 'AES128-SHA'"
    )


def test_a_cipher_string_of_psk_suites_only_selects_nothing_a_server_offers() -> None:
    verdict = check_rule("MF003", tls_listener(ciphers=setting("PSK", 12)))
    (finding,) = findings_of(verdict)
    assert finding[:3] == ("error", 12, "cipher list selects no TLS 1.2 or older suite")
    assert finding[3].startswith("fix the cipher string; configure a cipher list; ")


def test_a_cipher_string_openssl_refuses_is_named_with_its_error() -> None:
    verdict = check_rule("MF003", tls_listener(ciphers=setting("aNULL:!aNULL", 12)))
    (finding,) = findings_of(verdict)
    assert finding[2].startswith("cipher list does not expand: ")
    assert "selects no cipher suite from 'aNULL:!aNULL'" in finding[2]
    assert finding[3].startswith("fix the cipher string; configure a cipher list; ")


def test_a_shared_cipher_line_is_one_finding_naming_its_endpoints_in_order() -> None:
    shared = setting("AES128-SHA", 12)
    declared_later = (Evidence(PATH, 20, "port: 5269"),)
    verdict = check_rule(
        "MF003",
        tls_listener(name="listener 5269", evidence=declared_later, ciphers=shared),
        tls_listener(name="listener 5222", ciphers=shared),
    )
    (finding,) = verdict.findings
    assert (finding.line, finding.endpoint) == (12, None)
    assert finding.endpoints == ("listener 5222", "listener 5269")
