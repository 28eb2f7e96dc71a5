"""Verdicts that rest on what the server does without being told.

Prosody 0.12 requires TLS on c2s and s2s by default (mod_tls.lua); Prosody
0.10+ finds certificates in its ``certificates`` directory (certmanager.lua);
ejabberd's TLS library refuses SSLv2 whatever ``protocol_options`` lists
(fast_tls.c). Configs that rely on these must pass, saying so, and configs for
versions without them must still fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_loading import load_fixture
from tls_manifesto.model import ServerConfig
from tls_manifesto.rules import RULES_BY_ID, CheckOptions
from tls_manifesto.servers.ejabberd.profile import ejabberd_profile
from tls_manifesto.verdicts import Severity, Status, Verdict

DEFAULTS = Path(__file__).resolve().parents[3] / "fixtures" / "rules" / "defaults"
PROSODY_0_12 = DEFAULTS / "prosody" / "0.12" / "prosody.cfg.lua"
PROSODY_0_11 = DEFAULTS / "prosody" / "0.11" / "prosody.cfg.lua"
PROSODY_0_9 = DEFAULTS / "prosody" / "0.9" / "prosody.cfg.lua"
EJABBERD_MACROS = DEFAULTS / "ejabberd" / "23.01" / "ejabberd.yml"


def _check(rule: str, config: ServerConfig) -> Verdict:
    return RULES_BY_ID[rule].check(config, CheckOptions("require-fs"))


def _prosody_0_12(tmp_path: Path, text: str) -> ServerConfig:
    path = tmp_path / "0.12" / "prosody.cfg.lua"
    path.parent.mkdir()
    path.write_text(text)
    return load_fixture(path)


def test_prosody_0_12_c2s_passes_on_the_default_requirement_and_names_it() -> None:
    verdict = _check("MF001", load_fixture(PROSODY_0_12))
    assert verdict.status is Status.PASS, verdict
    assert verdict.evidence == (), "a pass on a default cites no config line"
    assert "VirtualHost chat.example.org c2s by the default of prosody 0.12" in verdict.summary
    assert "c2s_require_encryption = true" in verdict.summary
    assert "plugins/mod_tls.lua" in verdict.summary


def test_prosody_0_12_s2s_passes_on_the_default_requirement_and_names_it() -> None:
    verdict = _check("MF002", load_fixture(PROSODY_0_12))
    assert verdict.status is Status.PASS, verdict
    assert verdict.evidence == ()
    assert "s2s_require_encryption = true" in verdict.summary
    assert "plugins/mod_tls.lua" in verdict.summary


def test_prosody_0_11_has_no_such_default_and_still_fails() -> None:
    config = load_fixture(PROSODY_0_11)
    for rule in ("MF001", "MF002"):
        verdict = _check(rule, config)
        assert verdict.status is Status.FAIL, verdict
        assert [f.line for f in verdict.findings] == [8]  # the VirtualHost line


def test_an_explicit_false_is_not_overridden_by_the_default(tmp_path: Path) -> None:
    config = _prosody_0_12(
        tmp_path,
        'c2s_require_encryption = false\ns2s_require_encryption = false\nVirtualHost "a.example"\n',
    )
    c2s = _check("MF001", config)
    assert c2s.status is Status.FAIL, c2s
    assert [f.line for f in c2s.findings] == [1]
    s2s = _check("MF002", config)
    assert s2s.status is Status.FAIL, s2s
    assert [f.line for f in s2s.findings] == [2]


def test_default_required_c2s_counts_as_a_tls_endpoint_for_the_other_rules() -> None:
    # Before, an endpoint with no TLS option at all was skipped by MF003-MF009.
    verdict = _check("MF004", load_fixture(PROSODY_0_12))
    assert verdict.status is Status.PASS, verdict
    assert "the default of prosody 0.12, SSLv2, SSLv3, TLSv1, TLSv1.1 refused" in verdict.summary


def test_prosody_certificates_directory_is_the_certificate_source() -> None:
    verdict = _check("MF009", load_fixture(PROSODY_0_12))
    assert verdict.status is Status.PASS, verdict
    assert [(e.line, e.text) for e in verdict.evidence] == [(6, 'certificates = "certs"')]
    assert "located automatically" in verdict.summary
    assert "find_host_cert" in verdict.summary
    assert f"({PROSODY_0_12.parent / 'certs' / 'chat.example.org.crt'})" in verdict.summary


def test_prosody_without_certificates_option_searches_the_default_directory(
    tmp_path: Path,
) -> None:
    config = _prosody_0_12(tmp_path, 'VirtualHost "a.example"\n')
    assert _check("MF009", config).status is Status.FAIL  # no certs/ beside the config
    certs = tmp_path / "0.12" / "certs"
    certs.mkdir()
    (certs / "a.example.pem").write_text("certificate and key in one file\n")
    verdict = _check("MF009", load_fixture(tmp_path / "0.12" / "prosody.cfg.lua"))
    assert verdict.status is Status.PASS, verdict
    assert verdict.evidence == ()
    assert "VirtualHost a.example c2s, s2s (" in verdict.summary
    assert "by the default of prosody 0.12" in verdict.summary
    assert 'default "certs" beside the config' in verdict.summary


def test_an_explicit_ssl_certificate_wins_over_the_directory(tmp_path: Path) -> None:
    config = _prosody_0_12(
        tmp_path,
        'certificates = "certs"\nVirtualHost "a.example"\n'
        'ssl = { certificate = "a.crt"; key = "a.key" }\n',
    )
    verdict = _check("MF009", config)
    assert verdict.status is Status.PASS, verdict
    assert [e.line for e in verdict.evidence] == [3]


def test_prosody_0_9_has_no_certificate_lookup_and_fails_without_a_certificate() -> None:
    verdict = _check("MF009", load_fixture(PROSODY_0_9))
    assert verdict.status is Status.FAIL, verdict
    assert [f.line for f in verdict.findings] == [6]
    assert "TLS offered without a certificate" in verdict.findings[0].text


def test_ejabberd_protocol_options_without_no_sslv2_pass_because_fast_tls_refuses_it() -> None:
    verdict = _check("MF004", load_fixture(EJABBERD_MACROS))
    assert verdict.status is Status.PASS, verdict
    assert "ejabberd 23.01 never offers SSLv2" in verdict.summary
    assert "SSL_OP_NO_SSLv2" in verdict.summary
    assert "processone/fast_tls" in verdict.summary


def test_ejabberd_sslv3_left_out_of_protocol_options_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "23.01" / "ejabberd.yml"
    path.parent.mkdir()
    path.write_text(
        "hosts: [a.example]\ncertfiles: [/etc/a.pem]\nlisten:\n"
        "  - port: 5222\n    module: ejabberd_c2s\n    starttls_required: true\n"
        "    protocol_options: [no_tlsv1, no_tlsv1_1]\n"
    )
    verdict = _check("MF004", load_fixture(path))
    errors = [f for f in verdict.findings if f.severity is Severity.ERROR]
    assert verdict.status is Status.FAIL, verdict
    assert [f.headline for f in errors] == ["listener 5222: SSLv3 enabled"]
    assert errors[0].line == 7


def test_ejabberd_2_1_10_gets_no_such_fact() -> None:
    path = Path(__file__).resolve().parents[3] / "fixtures" / "parsers" / "ejabberd" / "2.1.10"
    config = load_fixture(path / "ejabberd.cfg")
    assert config.profile.never_offered_protocols == frozenset()
    assert "SSLv2" in _check("MF004", config).findings[0].text


def test_define_macro_values_reach_ciphers_and_protocol_options_with_both_lines() -> None:
    config = load_fixture(EJABBERD_MACROS)
    lines = EJABBERD_MACROS.read_text().splitlines()
    (c2s,) = config.endpoints_with_role("c2s")
    assert c2s.ciphers is not None and c2s.disabled_protocols is not None
    assert c2s.ciphers.value == "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL"
    assert c2s.disabled_protocols.value == {"SSLv3", "TLSv1", "TLSv1.1"}
    assert c2s.server_cipher_order is not None and c2s.server_cipher_order.value is True
    cipher_lines = {lines[e.line - 1].strip() for e in c2s.ciphers.evidence}
    assert cipher_lines == {
        "'SHARED_CIPHERS': \"ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL\"",
        "c2s_ciphers: 'SHARED_CIPHERS'",
    }
    protocol_lines = {e.line for e in c2s.disabled_protocols.evidence}
    # The macro's definition and the global c2s_protocol_options, which replaces the
    # listener's own (ejabberd 23.01 ejabberd_c2s.erl tls_options/1).
    assert protocol_lines == {10, 11, 12, 13, 14, 18}
    for s2s in config.endpoints_with_role("s2s"):
        assert s2s.disabled_protocols is not None
        assert s2s.disabled_protocols.value == {"SSLv3", "TLSv1", "TLSv1.1"}
    assert _check("MF003", config).status is Status.PASS


@pytest.mark.parametrize("version", ["13.12", "14.12", "16.01", "23.01", None])
def test_every_ejabberd_built_on_p1_tls_or_fast_tls_never_offers_sslv2(
    version: str | None,
) -> None:
    profile = ejabberd_profile(version)
    assert profile.never_offered_protocols == {"SSLv2"}
    assert any("SSL_OP_NO_SSLv2" in source.title for source in profile.sources)
