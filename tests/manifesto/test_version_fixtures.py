"""Configs that leave TLS to the server, judged per release: each fixture names its shape.

The fixtures under tests/fixtures/versions/ are our own, in the shapes of the
example configs each release shipped (TLS required, a certificate, nothing
else about TLS), so every verdict below rests on the profile table's facts
for that release, and each expectation names the source it rests on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.engine.check import check_config
from tls_manifesto.engine.loader import load_config
from tls_manifesto.verdicts import Finding, Severity, Status, Verdict

VERSIONS = Path(__file__).resolve().parents[1] / "fixtures" / "versions"
# A verdict with warnings only: "fail" today, "warn" where warnings get their own status.
WARNING_ONLY = {"fail", "warn"}


def _verdicts(relative: str, **load: object) -> dict[str, Verdict]:
    config = load_config(VERSIONS / relative, **load)  # type: ignore[arg-type]
    return {verdict.rule: verdict for verdict in check_config(config)}


def _messages(verdict: Verdict, severity: Severity) -> list[str]:
    return [f.text for f in verdict.findings if f.severity is severity]


def _all_findings(verdicts: dict[str, Verdict]) -> list[Finding]:
    return [f for v in verdicts.values() for f in v.findings]


def test_ejabberd_18_12_is_judged_with_fast_tls_defaults() -> None:
    # fast_tls 1.0.19+ (18.12 pins 1.0.26): no_sslv3|cipher_server_preference|no_compression.
    verdicts = _verdicts("ejabberd/18.12/ejabberd.yml")
    mf004 = verdicts["MF004"]
    assert _messages(mf004, Severity.ERROR) == []  # no SSLv3 finding
    assert mf004.status.value in WARNING_ONLY  # TLS 1.0 and 1.1 stay, a warning
    assert all("SSLv3" not in f.text.split("(")[0] for f in mf004.findings)
    assert "71250ae" in mf004.findings[0].text  # the fast_tls commit, cited
    assert verdicts["MF005"].status is Status.PASS  # the server's order is enforced
    assert "the default of ejabberd 18.12, the server's cipher order" in verdicts["MF005"].summary


def test_ejabberd_17_12_is_judged_with_p1_tls_defaults() -> None:
    # fast_tls 1.0.18 (pinned by 17.12): only SSL_OP_NO_SSLv2, the client's order.
    verdicts = _verdicts("ejabberd/17.12/ejabberd.yml")
    errors = _messages(verdicts["MF004"], Severity.ERROR)
    assert errors and all("SSLv3 enabled" in m for m in errors)
    assert all("1.0.18/c_src/fast_tls.c" in m for m in errors)
    assert verdicts["MF005"].status is not Status.PASS
    assert "protocol_options" in verdicts["MF005"].findings[0].text  # its own option name


def test_ejabberd_2_1_13_builtin_1024_bit_group_fails_mf006() -> None:
    # src/tls/tls_drv.c at v2.1.13 installs the RFC 5114 1024-bit group; no dhfile option.
    mf006 = _verdicts("ejabberd/2.1.13/ejabberd.cfg")["MF006"]
    assert mf006.status is Status.FAIL
    assert all("1024-bit" in m for m in _messages(mf006, Severity.ERROR))
    assert all("cannot configure DH parameters" in m for m in _messages(mf006, Severity.ERROR))


def test_ejabberd_outside_the_table_fails_every_verdict_resting_on_a_default() -> None:
    verdicts = _verdicts("ejabberd/27.01/ejabberd.yml")
    for rule in ("MF003", "MF004", "MF005", "MF006"):
        assert verdicts[rule].status is Status.FAIL, verdicts[rule]
        assert _messages(verdicts[rule], Severity.ERROR), verdicts[rule]
    for rule in ("MF003", "MF004", "MF005"):
        assert all(
            "ejabberd 27.01 is not in the profile table" in f.text for f in verdicts[rule].findings
        )
    # What the config does set is still judged: STARTTLS is required.
    assert verdicts["MF001"].status is Status.PASS


def test_the_same_config_passes_mf005_once_a_known_version_is_named() -> None:
    verdicts = _verdicts("ejabberd/27.01/ejabberd.yml", version="23.01")
    assert verdicts["MF005"].status is Status.PASS


def test_prosody_0_9_1_allows_sslv3_and_the_clients_order() -> None:
    # core/certmanager.lua at 0.9.1: options { "no_sslv2", ... }, no cipher_server_preference.
    verdicts = _verdicts("prosody/0.9.1/prosody.cfg.lua")
    errors = _messages(verdicts["MF004"], Severity.ERROR)
    assert errors and all("SSLv3 enabled" in m for m in errors)
    assert all("tag 0.9.1" in m for m in errors)
    assert verdicts["MF005"].status is not Status.PASS
    # Prosody 0.9's options list replaces the defaults: the hint says so.
    assert "a list replaces the default options" in verdicts["MF005"].findings[0].text


def test_prosody_0_9_14_refuses_sslv3_and_enforces_its_order() -> None:
    verdicts = _verdicts("prosody/0.9.14/prosody.cfg.lua")
    assert _messages(verdicts["MF004"], Severity.ERROR) == []
    assert verdicts["MF005"].status is Status.PASS
    assert verdicts["MF006"].status is Status.NOT_APPLICABLE  # no dhparam: no DHE


def test_prosody_0_9_options_list_replaces_the_defaults() -> None:
    # 0.9 core/certmanager.lua: options = user_ssl_config.options or default_options.
    verdicts = _verdicts("prosody/0.9.14/options-list-replaces-defaults/prosody.cfg.lua")
    errors = verdicts["MF004"].findings
    assert any(f.severity is Severity.ERROR and "SSLv3" in f.message for f in errors)
    (order,) = verdicts["MF005"].findings
    assert order.line == 10  # the options line that dropped cipher_server_preference


def test_prosody_0_10_and_later_options_add_to_the_defaults() -> None:
    # util/sslconfig.lua handlers.options merges; protocol "tlsv1+" still refuses SSLv2/3.
    verdicts = _verdicts("prosody/0.11.14/options-add-to-defaults/prosody.cfg.lua")
    (warning,) = verdicts["MF004"].findings
    assert warning.severity is Severity.WARNING and "TLSv1.1" in warning.message
    assert "SSLv3" not in warning.message and "TLSv1," not in warning.message
    assert verdicts["MF005"].status is Status.PASS


def test_prosody_13_intermediate_uses_ffdhe2048_and_tls_1_2() -> None:
    verdicts = _verdicts("prosody/13.0/prosody.cfg.lua")
    assert verdicts["MF004"].status is Status.PASS
    # A named RFC 7919 group of 2048 bits: current practice, a pass with a note.
    assert verdicts["MF006"].status is Status.PASS
    assert verdicts["MF006"].findings == ()
    assert "ffdhe2048 of RFC 7919 appendix A.1, a named group of RFC 7919" in (
        verdicts["MF006"].summary
    )
    assert verdicts["MF003"].status is Status.PASS


def test_prosody_13_old_preset_offers_non_forward_secret_suites_and_tls_1_0() -> None:
    verdicts = _verdicts("prosody/13.0/tls-profile-old/prosody.cfg.lua")
    (mf003,) = verdicts["MF003"].findings
    assert mf003.severity is Severity.ERROR and "AES128-SHA" in mf003.text
    assert "TLSv1, TLSv1.1" in verdicts["MF004"].findings[0].text
    assert verdicts["MF006"].status is Status.NOT_APPLICABLE  # "old" sets dhparam = nil


def test_prosody_13_modern_preset_speaks_only_tls_1_3_so_its_cipher_list_cannot_fail() -> None:
    # mozilla_ssl_configs.modern: protocol "tlsv1_3", ciphers "DEFAULT" (unused by TLS 1.3).
    verdicts = _verdicts("prosody/13.0/tls-profile-modern/prosody.cfg.lua")
    assert verdicts["MF003"].status is Status.PASS, verdicts["MF003"]
    assert "only TLS 1.3, whose suites are all forward-secret" in verdicts["MF003"].summary
    assert verdicts["MF004"].status is Status.PASS


def test_charybdis_3_5_3_accepts_tls_1_0_and_its_hint_says_so() -> None:
    findings = _verdicts("charybdis/3.5.3/ircd.conf")["MF004"].findings
    assert findings  # the TLS port and the server link
    for warning in findings:
        assert warning.severity is Severity.WARNING
        assert "TLSv1, TLSv1.1 enabled" in warning.text
        assert "charybdis 3.5.3 has no option for protocol versions" in warning.text
        assert "3.5.4 and later also refuse TLS 1.0" in warning.text


def test_charybdis_4_1_2_hint_says_what_it_refuses_by_itself() -> None:
    findings = _verdicts("charybdis/3.5.3/ircd.conf", version="4.1.2")["MF004"].findings
    assert findings
    for warning in findings:
        assert "TLSv1.1 enabled" in warning.text
        assert "always refuses SSLv2, SSLv3 and TLS 1.0" in warning.text


_XMPP_OPTIONS = ("ejabberd", "starttls_required", "protocol_options", "Prosody", "ssl.options",
                 "c2s_require_encryption")  # fmt: skip
_FOREIGN_WORDS = {
    "charybdis/3.5.3/ircd.conf": _XMPP_OPTIONS,
    "solanum/ircd.conf": _XMPP_OPTIONS,
    "prosody/0.9.1/prosody.cfg.lua": (
        "ejabberd",
        "starttls_required",
        "protocol_options",
        "sslport",
        "ssl_cipher_list",
    ),  # fmt: skip
}


@pytest.mark.parametrize("relative", sorted(_FOREIGN_WORDS))
def test_hints_never_name_another_servers_options(relative: str) -> None:
    findings = _all_findings(_verdicts(relative))
    assert findings
    for finding in findings:
        hint = finding.text.split("(source:")[0]  # sources may quote other files
        assert not any(word in hint for word in _FOREIGN_WORDS[relative]), finding.text


@pytest.mark.parametrize(
    ("relative", "reason"),
    [
        ("solanum/ircd.conf", "path component solanum"),
        ("ircd-with-solanum-options/ircd.conf", "option tls_ciphers_oper_only"),
        ("charybdis/3.5.3/ircd.conf", "path component charybdis"),
    ],
)
def test_solanum_or_charybdis_is_chosen_and_the_reason_reported(relative: str, reason: str) -> None:
    config = load_config(VERSIONS / relative)
    assert config.judged_version is not None and reason in config.judged_version.detail


def test_solanum_accepts_tls_1_0_and_1_1() -> None:
    findings = _verdicts("solanum/ircd.conf")["MF004"].findings
    assert findings
    for warning in findings:
        assert "TLSv1, TLSv1.1 enabled" in warning.text
        assert "c07751a" in warning.text


def test_kind_charybdis_overrides_a_solanum_guess(tmp_path: Path) -> None:
    plain = tmp_path / "ircd.conf"
    plain.write_text((VERSIONS / "solanum" / "ircd.conf").read_text())
    assert load_config(plain).profile.family == "solanum"  # nothing says: the weaker one
    assert load_config(plain, ircd_family="charybdis").profile.family == "charybdis"
