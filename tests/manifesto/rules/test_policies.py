"""Which rules judge which chapter under which policy, and what each policy asks."""

from __future__ import annotations

import pytest
from model_builders import setting, tls_listener
from rule_checks import check_rule, findings_of
from tls_manifesto.rules import rules_for
from tls_manifesto.rules.policies import (
    MAIL_CHAPTER,
    MANIFESTO,
    MOZILLA,
    POLICIES,
    WEB_CHAPTER,
    requirements,
)
from tls_manifesto.verdicts import Status


def ids(chapter: str, policy: str) -> list[str]:
    return [rule.id for rule in rules_for(chapter, policy)]  # type: ignore[arg-type]


def test_the_manifesto_judges_im_servers_by_its_own_rules() -> None:
    assert ids("im", "require-fs") == [f"MF{n:03}" for n in range(1, 11)]


def test_web_and_mail_servers_get_their_chapters_rules_and_none_of_xmpp() -> None:
    web = ids("web", "require-fs")
    mail = ids("mail", "require-fs")
    assert {"MF012", "MF013", "MF011"} <= set(web) and not {"MF001", "MF002", "MF008"} & set(web)
    assert {"MF014", "MF015", "MF016", "MF011"} <= set(mail) and "MF012" not in mail


def test_mozilla_profiles_leave_the_cipher_order_to_the_client() -> None:
    assert "MF005" not in ids("web", "mozilla-intermediate")
    assert "MF011" in ids("im", "mozilla-modern")


@pytest.mark.parametrize("policy", POLICIES)
def test_every_policy_answers_for_every_chapter(policy: str) -> None:
    for chapter in ("im", "web", "mail"):
        assert requirements(policy, chapter).policy == policy  # type: ignore[arg-type]


def test_an_unknown_policy_is_named() -> None:
    with pytest.raises(ValueError, match="unknown policy 'strict'"):
        requirements("strict", "web")


def test_prefer_fs_prefers_only_for_im_servers() -> None:
    rsa_first = tls_listener(ciphers=setting("AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256", 12))
    assert check_rule("MF003", rsa_first, policy="prefer-fs").status is Status.FAIL
    fs_first = tls_listener(ciphers=setting("ECDHE-RSA-AES128-GCM-SHA256:AES128-GCM-SHA256", 12))
    assert check_rule("MF003", fs_first, policy="prefer-fs").status is Status.PASS
    web = check_rule("MF003", fs_first, policy="prefer-fs", chapter="web")
    assert web.status is Status.FAIL  # the web chapter asks for forward secrecy only


def test_the_lowest_protocol_of_a_policy_makes_older_ones_errors() -> None:
    tls1_on = tls_listener(disabled_protocols=setting(frozenset({"SSLv2", "SSLv3"}), 14))
    manifesto = check_rule("MF004", tls1_on)
    assert [f[0] for f in findings_of(manifesto)] == ["warning"]
    web = check_rule("MF004", tls1_on, chapter="web")
    ((severity, line, message, detail),) = findings_of(web)
    assert (severity, line, message) == ("error", 14, "TLSv1, TLSv1.1 enabled")
    assert "the guide's web server policy asks for TLSv1.2 or newer" in detail
    modern = check_rule("MF004", tls1_on, chapter="web", policy="mozilla-modern")
    assert findings_of(modern)[0][2] == "TLSv1, TLSv1.1, TLSv1.2 enabled"


SIX, TWO = 15_768_000, 63_072_000  # six months and two years, in seconds
GUIDE_WEB = ("the guide's web server policy", WEB_CHAPTER, "require", True, "TLSv1.2", True, SIX)
GUIDE_MAIL = ("the guide's mail server policy", MAIL_CHAPTER, "require", True, "TLSv1.2", True, SIX)
INTERMEDIATE = ("Mozilla intermediate", MOZILLA, "require", True, "TLSv1.2", False, TWO)
MODERN = ("Mozilla modern", MOZILLA, "require", True, "TLSv1.3", False, TWO)


@pytest.mark.parametrize(
    ("policy", "chapter", "asks"),
    [
        ("prefer-fs", "im", ("the XMPP manifesto", MANIFESTO, "prefer", False, None, True, SIX)),
        ("require-fs", "im", ("the XMPP manifesto", MANIFESTO, "require", False, None, True, SIX)),
        ("prefer-fs", "web", GUIDE_WEB),
        ("require-fs", "web", GUIDE_WEB),
        ("prefer-fs", "mail", GUIDE_MAIL),
        ("require-fs", "mail", GUIDE_MAIL),
        *[("mozilla-intermediate", chapter, INTERMEDIATE) for chapter in ("im", "web", "mail")],
        *[("mozilla-modern", chapter, MODERN) for chapter in ("im", "web", "mail")],
    ],
)
def test_what_each_policy_asks_of_each_chapter(policy: str, chapter: str, asks: tuple) -> None:
    got = requirements(policy, chapter)  # type: ignore[arg-type]
    assert (got.policy, got.chapter) == (policy, chapter)
    assert (
        got.name,
        got.source,
        got.forward_secrecy,
        got.aead_only,
        got.lowest_protocol,
        got.server_cipher_order,
        got.min_hsts_seconds,
    ) == asks


def test_an_unknown_policy_names_the_known_ones() -> None:
    with pytest.raises(ValueError) as raised:
        requirements("strict", "web")
    assert str(raised.value) == (
        "unknown policy 'strict' (use one of prefer-fs, require-fs, mozilla-intermediate, "
        "mozilla-modern)"
    )
