"""The profile table: which facts each release range gets, and what lies outside it.

Each expectation is a fact read at a release tag (the sources in the
profile modules); the tests pin the row boundaries, so a change of one row
cannot silently move a version into another.
"""

from __future__ import annotations

import pytest
from tls_manifesto.servers.ejabberd.profile import ejabberd_profile
from tls_manifesto.servers.ircd.charybdis_profile import charybdis_profile
from tls_manifesto.servers.ircd.solanum_profile import solanum_profile
from tls_manifesto.servers.profile_table import judged_release
from tls_manifesto.servers.prosody.profile import ROWS as PROSODY_ROWS
from tls_manifesto.servers.prosody.profile import prosody_profile

FAST_TLS_CIPHERS = "HIGH:!aNULL:!eNULL:!3DES:@STRENGTH"
P1_TLS_CIPHERS = "DEFAULT:!EXPORT:!LOW:!RC4:!SSLv2"


@pytest.mark.parametrize(
    ("version", "ciphers", "refused", "server_order", "dh_bits"),
    [
        ("2.1.10", "DEFAULT", set(), False, None),
        ("2.1.13", "DEFAULT:!EXPORT:!LOW:!SSLv2", {"SSLv2"}, False, 1024),
        ("13.06", "DEFAULT:!EXPORT:!LOW:!SSLv2", {"SSLv2"}, False, 1024),
        ("14.12", P1_TLS_CIPHERS, {"SSLv2"}, False, 1024),
        ("17.12", P1_TLS_CIPHERS, {"SSLv2"}, False, 1024),
        ("18.01", FAST_TLS_CIPHERS, {"SSLv2", "SSLv3"}, True, 2048),
        ("18.12", FAST_TLS_CIPHERS, {"SSLv2", "SSLv3"}, True, 2048),
        ("22.10", FAST_TLS_CIPHERS, {"SSLv2", "SSLv3"}, True, 2048),
        ("26.07", FAST_TLS_CIPHERS, {"SSLv2", "SSLv3"}, True, 2048),
    ],
)
def test_ejabberd_defaults_follow_the_tls_library_it_pins(
    version: str, ciphers: str, refused: set[str], server_order: bool, dh_bits: int | None
) -> None:
    profile = ejabberd_profile(version)
    assert profile.unknown is None
    assert profile.default_ciphers == ciphers
    assert profile.default_disabled_protocols == refused
    assert profile.default_server_cipher_order is server_order
    assert profile.dhe_without_params is not None
    assert profile.dhe_without_params.builtin_group_bits == dh_bits


def test_ejabberd_18_01_cites_the_fast_tls_commit_that_changed_the_defaults() -> None:
    titles = " ".join(source.title for source in ejabberd_profile("18.01").sources)
    assert "71250ae" in titles and "18.01 pins 1.0.20" in titles
    assert "no_sslv3|cipher_server_preference|no_compression" in titles


@pytest.mark.parametrize("version", ["2.0.5", "3.0.0", "27.01", "12.10"])
def test_ejabberd_outside_the_table_has_no_defaults_and_says_why(version: str) -> None:
    profile = ejabberd_profile(version)
    assert profile.default_ciphers is None
    assert profile.default_disabled_protocols is None
    assert profile.default_server_cipher_order is None
    assert profile.dhe_without_params is None
    assert profile.unknown is not None and f"ejabberd {version} is not in" in profile.unknown
    assert "2.1.0-2.1.11, 2.1.12-2.1.13, 13.06-13.10, 13.12-17.12, 18.01-26.07" in profile.unknown


@pytest.mark.parametrize(
    ("version", "ciphers", "refused", "server_order", "required"),
    [
        ("0.9.1", "HIGH:!DSS:!aNULL@STRENGTH", {"SSLv2"}, False, set()),
        ("0.9.4", "HIGH+kEDH:HIGH+kEECDH:HIGH:!PSK:!SRP:!3DES:!aNULL", {"SSLv2"}, True, set()),
        ("0.9.10", "HIGH+kEDH:HIGH+kEECDH:HIGH:!PSK:!SRP:!3DES:!aNULL", {"SSLv2", "SSLv3"},
         True, set()),
        ("0.10.2", "HIGH+kEDH:HIGH+kEECDH:HIGH:!PSK:!SRP:!3DES:!aNULL", {"SSLv2", "SSLv3"},
         True, set()),
        ("0.11.8", "HIGH+kEECDH:HIGH+kEDH:HIGH:!PSK:!SRP:!3DES:!aNULL", {"SSLv2", "SSLv3"},
         True, set()),
    ],
)  # fmt: skip
def test_prosody_before_0_12_core_defaults(
    version: str, ciphers: str, refused: set[str], server_order: bool, required: set[str]
) -> None:
    profile = prosody_profile(version)
    assert profile.default_ciphers == ciphers
    assert profile.default_disabled_protocols == refused
    assert profile.default_server_cipher_order is server_order
    assert profile.default_tls_required == required
    fact = profile.dhe_without_params
    assert fact is not None and not fact.negotiates_dhe  # no default dhparam


def test_prosody_0_12_intermediate_default_grew_one_dhe_suite_in_0_12_4() -> None:
    early, late = prosody_profile("0.12.3"), prosody_profile("0.12.4")
    assert early.default_ciphers is not None and late.default_ciphers is not None
    assert "DHE-RSA-CHACHA20-POLY1305" not in early.default_ciphers.split(":")
    assert late.default_ciphers.endswith(":DHE-RSA-CHACHA20-POLY1305")
    for profile in (early, late):
        assert profile.default_server_cipher_order is False
        assert profile.default_disabled_protocols == {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"}
        assert profile.default_tls_required == {"c2s", "s2s"}


def test_prosody_13_intermediate_negotiates_dhe_on_ffdhe2048() -> None:
    fact = prosody_profile("13.0").dhe_without_params
    assert fact is not None and fact.negotiates_dhe and fact.builtin_group_bits == 2048
    assert "RFC 7919" in (fact.builtin_group or "")
    assert prosody_profile("13.0").default_server_cipher_order is False


def test_prosody_13_old_preset_allows_tls_1_0_and_non_forward_secret_suites() -> None:
    profile = prosody_profile("13.0.1", "old")
    assert profile.default_disabled_protocols == {"SSLv2", "SSLv3"}
    assert profile.default_ciphers is not None and "AES128-SHA" in profile.default_ciphers
    assert profile.default_server_cipher_order is True
    fact = profile.dhe_without_params
    assert fact is not None and not fact.negotiates_dhe  # "old" sets dhparam = nil


def test_prosody_unknown_tls_profile_is_legacy_in_0_12_and_unknown_in_13() -> None:
    legacy = prosody_profile("0.12.5", "strict")
    assert legacy.unknown is None and legacy.default_server_cipher_order is True
    assert any("util/sslconfig.lua" in source.url for source in legacy.sources)
    refused = prosody_profile("13.0.1", "strict")
    assert refused.default_ciphers is None and refused.unknown is not None
    assert "'strict'" in refused.unknown
    assert refused.default_tls_required == {"c2s", "s2s"}  # mod_tls.lua does not depend on it


@pytest.mark.parametrize(
    ("version", "release"),
    [("0.12", "0.12.5"), ("0.11", "0.11.14"), ("13.0", "13.0.1"), ("0.10.1", "0.10.1"),
     ("0.8.2", None), ("13.1", None), ("0.12.6", None)],
)  # fmt: skip
def test_a_series_is_judged_as_its_newest_known_release(version: str, release: str | None) -> None:
    assert judged_release(version, PROSODY_ROWS) == release


@pytest.mark.parametrize(
    ("version", "tls_1_0_refused", "ciphers_start"),
    [
        ("3.5.0", False, "kEECDH+HIGH:kEDH+HIGH:HIGH:!RC4"),
        ("3.5.3", False, "kEECDH+HIGH:kEDH+HIGH:HIGH:!aNULL"),
        ("3.5.4", True, "aECDSA+kEECDH+CHACHA20"),
        ("3.5", True, "aECDSA+kEECDH+CHACHA20"),
        ("4.1.2", True, "aECDSA+kEECDH+CHACHA20"),
    ],
)
def test_charybdis_refuses_tls_1_0_from_3_5_4(
    version: str, tls_1_0_refused: bool, ciphers_start: str
) -> None:
    profile = charybdis_profile(version)
    assert profile.default_disabled_protocols is not None
    assert ("TLSv1" in profile.default_disabled_protocols) is tls_1_0_refused
    assert profile.default_ciphers is not None
    assert profile.default_ciphers.startswith(ciphers_start)
    assert profile.default_server_cipher_order is True
    assert profile.dhe_without_params is not None
    assert not profile.dhe_without_params.negotiates_dhe


def test_solanum_accepts_tls_1_0_again_and_says_which_commit() -> None:
    profile = solanum_profile(None)
    assert profile.family == "solanum"
    assert profile.default_disabled_protocols == {"SSLv2", "SSLv3"}
    assert any("c07751a" in source.title for source in profile.sources)


@pytest.mark.parametrize(
    ("profile", "wrong"),
    [
        (charybdis_profile("3.5.3"), ("ejabberd", "Prosody", "protocol_options", "ssl.")),
        (solanum_profile("1.0"), ("ejabberd", "Prosody", "protocol_options")),
        (ejabberd_profile("23.01"), ("Prosody", "sslport", "c2s_require_encryption")),
        (prosody_profile("0.12"), ("ejabberd", "sslport", "protocol_options")),
    ],
)
def test_fix_hints_name_only_the_judged_servers_options(
    profile: object, wrong: tuple[str, ...]
) -> None:
    hints = vars(profile.hints)  # type: ignore[attr-defined]
    for text in hints.values():
        assert not any(word in text for word in wrong), text


def test_charybdis_hint_says_what_its_version_cannot_do() -> None:
    early = charybdis_profile("3.5.3").hints.disable_protocols
    assert early.startswith("charybdis 3.5.3 has no option for protocol versions")
    assert "3.5.4 and later also refuse TLS 1.0" in early
    late = charybdis_profile("4.1.2").hints.disable_protocols
    assert "always refuses SSLv2, SSLv3 and TLS 1.0" in late


@pytest.mark.parametrize(
    ("profile", "option"),
    [
        (ejabberd_profile("18.12"), "s2s_dhfile"),
        (prosody_profile("0.11"), "dhparam"),
        (charybdis_profile("4.1.2"), "ssl_dh_params"),
        (solanum_profile("1.0"), "ssl_dh_params"),
    ],
)
def test_dh_hint_names_the_servers_own_option(profile: object, option: str) -> None:
    assert option in profile.hints.dh_params  # type: ignore[attr-defined]
