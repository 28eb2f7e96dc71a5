"""MF004 and MF005 judge a server's default when the config sets nothing, even where
the version has no option for it, and name that default and its source."""

from __future__ import annotations

from pathlib import Path

from fixture_loading import load_fixture
from model_builders import config, profile, setting, tls_listener
from tls_manifesto.rules import RULES_BY_ID, CheckOptions
from tls_manifesto.verdicts import Severity, Status

PARSER_FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "parsers"
EJABBERD_2 = PARSER_FIXTURES / "ejabberd" / "2.1.10" / "ejabberd.cfg"
CHARYBDIS = PARSER_FIXTURES / "charybdis" / "4.1.2" / "ircd.conf"


def _check(rule: str, path: Path):
    return RULES_BY_ID[rule].check(load_fixture(path), CheckOptions())


def test_ejabberd_2_protocols_are_judged_from_its_tls_driver_default() -> None:
    verdict = _check("MF004", EJABBERD_2)
    assert verdict.status is Status.FAIL, verdict
    errors = [f for f in verdict.findings if f.severity is Severity.ERROR]
    assert errors and all("SSLv2, SSLv3 enabled" in f.text for f in errors)
    assert all("ejabberd 2.1.10 cannot disable protocol versions" in f.text for f in errors)
    assert all("the default of ejabberd 2.1.10, no protocol version refused" in f.text
               for f in errors)  # fmt: skip
    assert all("v2.1.11/src/tls/tls_drv.c" in f.text for f in errors)  # its row's last


def test_ejabberd_2_cipher_order_is_judged_as_the_clients() -> None:
    verdict = _check("MF005", EJABBERD_2)
    assert verdict.status is Status.WARN, verdict
    assert verdict.findings
    for finding in verdict.findings:
        assert "the default of ejabberd 2.1.10, the client's cipher order" in finding.text
        assert "SSL_OP_NO_TICKET" in finding.text  # cites the tls_drv.c options
        assert finding.line is not None


def test_charybdis_server_order_passes_on_its_library_default_without_config_lines() -> None:
    verdict = _check("MF005", CHARYBDIS)
    assert verdict.status is Status.PASS, verdict
    assert verdict.evidence == ()
    assert "the default of charybdis 4.1.2, the server's cipher order" in verdict.summary
    assert "librb/src/openssl.c" in verdict.summary


def test_charybdis_refuses_sslv2_sslv3_and_tls1_by_default_and_only_tls1_1_is_flagged() -> None:
    verdict = _check("MF004", CHARYBDIS)
    assert verdict.findings, verdict
    assert {f.severity for f in verdict.findings} == {Severity.WARNING}
    assert all("TLSv1.1 enabled" in f.text for f in verdict.findings)
    assert all("SSLv2, SSLv3, TLSv1 refused" in f.text for f in verdict.findings)


def test_a_default_that_disables_everything_old_passes_with_no_evidence() -> None:
    server = profile(
        can_disable_protocols=False,
        can_set_server_cipher_order=False,
        default_disabled_protocols=frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"}),
        default_server_cipher_order=True,
    )
    model = config(tls_listener(), server=server)
    for rule in ("MF004", "MF005"):
        verdict = RULES_BY_ID[rule].check(model, CheckOptions())
        assert verdict.status is Status.PASS, verdict
        assert verdict.evidence == ()
        assert "the default of ejabberd 99.1" in verdict.summary
        assert "unit profile: default ciphers <https://example.org/ciphers>" in verdict.summary


def test_a_configured_setting_is_judged_not_the_default() -> None:
    server = profile(default_disabled_protocols=frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"}))
    listener = tls_listener(disabled_protocols=setting(frozenset({"SSLv2"}), 12, "no_sslv2"))
    verdict = RULES_BY_ID["MF004"].check(config(listener, server=server), CheckOptions())
    assert verdict.status is Status.FAIL
    assert any("SSLv3 enabled" in f.text and f.line == 12 for f in verdict.findings)
    assert not any("the default of" in f.text for f in verdict.findings)
