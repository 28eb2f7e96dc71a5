"""The mail matrix without a server: live verdicts from what comes before TLS, one-edit variants."""

from __future__ import annotations

import dataclasses
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from support.probe_samples import sound_result
from support.skipping import skip_or_fail
from tls_manifesto.probe.results import MailBeforeTls
from tls_manifesto.verdicts import Status, Verdict

from live.live_verdicts import LiveVerdict
from live.mail.configs import MAIL_CONFIGS, MailConfig
from live.mail.mail_live_verdicts import mail_live_verdicts
from live.matrix_table import make_cell, render_table

OPPORTUNISTIC_MX = MailBeforeTls(
    protocol="smtp",
    greeting="220 localhost ESMTP Postfix (Debian/GNU)",
    capabilities=("PIPELINING", "STARTTLS"),
    starttls_offered=True,
    auth_mechanisms=(),
    login_disabled=None,
    login_outcome="not offered",
    login_reply="503 5.5.1 Error: authentication not enabled",
    mail_accepted=True,
    mail_reply="250 2.1.0 Ok | 250 2.1.5 Ok",
    source_address="127.0.0.2",
)
MUST_STARTTLS = "530 5.7.0 Must issue a STARTTLS command first"
REQUIRED = dataclasses.replace(
    OPPORTUNISTIC_MX,
    login_outcome="policy",
    login_reply=MUST_STARTTLS,
    mail_accepted=False,
    mail_reply=MUST_STARTTLS,
)
IMAP_POLICY = dataclasses.replace(
    OPPORTUNISTIC_MX,
    protocol="imap",
    login_disabled=True,
    login_outcome="policy",
    login_reply="a2 NO [PRIVACYREQUIRED] Plaintext authentication disallowed",
    mail_accepted=None,
    mail_reply="",
)


def verdicts(seen: dict[str, MailBeforeTls], failures: dict[str, str] | None = None):
    probes = {role: sound_result() for role in seen if failures is None}
    return mail_live_verdicts(probes, seen, failures or {})


def test_an_mx_that_requires_tls_fails_mf014_live() -> None:
    assert verdicts({"smtp": OPPORTUNISTIC_MX})["MF014"].status == "pass"
    assert verdicts({"smtp": REQUIRED})["MF014"].status == "fail"


def test_submission_passes_only_when_it_requires_tls() -> None:
    assert verdicts({"smtp": OPPORTUNISTIC_MX, "submission": REQUIRED})["MF015"].status == "pass"
    optional = {"smtp": OPPORTUNISTIC_MX, "submission": OPPORTUNISTIC_MX}
    assert verdicts(optional)["MF015"].status == "fail"


def test_an_mx_that_checks_passwords_in_clear_fails_mf015() -> None:
    auth = dataclasses.replace(
        OPPORTUNISTIC_MX, auth_mechanisms=("PLAIN",), login_outcome="credentials"
    )
    assert verdicts({"smtp": OPPORTUNISTIC_MX})["MF015"].status == "not-observed"
    assert verdicts({"smtp": auth})["MF015"].status == "fail"


def test_imap_must_refuse_a_login_in_clear_for_policy() -> None:
    assert verdicts({"imap": IMAP_POLICY})["MF016"].status == "pass"
    checked = dataclasses.replace(IMAP_POLICY, login_outcome="credentials")
    assert verdicts({"imap": checked})["MF016"].status == "fail"
    no_tls = dataclasses.replace(IMAP_POLICY, starttls_offered=False)
    assert verdicts({"imap": no_tls}, failures={})["MF016"].status == "fail"


def test_tls_offered_nowhere_leaves_mf009_unobserved_and_a_failed_handshake_fails_it() -> None:
    no_tls = dataclasses.replace(IMAP_POLICY, starttls_offered=False)
    assert verdicts({"imap": no_tls}, failures={})["MF009"].status == "not-observed"
    broken = {"imap": "127.0.0.1:143: TLS handshake failed"}
    assert verdicts({"imap": IMAP_POLICY}, failures=broken)["MF009"].status == "fail"


def test_a_cbc_suite_fails_mf011_live() -> None:
    result = sound_result()
    assert mail_live_verdicts({"smtp": result}, {}, {})["MF011"].status == "pass"
    tls12 = next(p for p in result.protocols if p.version == "TLSv1.2")
    cbc = dataclasses.replace(tls12.suites[0], name="TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")
    with_cbc = dataclasses.replace(tls12, suites=(*tls12.suites, cbc))
    protocols = tuple(with_cbc if p is tls12 else p for p in result.protocols)
    weak = dataclasses.replace(result, protocols=protocols)
    assert mail_live_verdicts({"smtp": weak}, {}, {})["MF011"].status == "fail"


@pytest.mark.parametrize("config", [c for c in MAIL_CONFIGS if c.edit], ids=lambda c: c.label)
def test_each_variant_is_one_edit_of_one_shipped_file(config: MailConfig) -> None:
    shipped = MailConfig(config.server, "debian", "as shipped")
    try:
        before = shipped.files(Path("/dh1024.pem"))
    except FileNotFoundError as missing:
        skip_or_fail(f"{missing.filename} not found: install the Debian package '{config.server}'")
    after = config.files(Path("/dh1024.pem"))
    assert [name for name in before if before[name] != after[name]] == [config.file]
    lines, edited = before[config.file].splitlines(), after[config.file].splitlines()
    changes = [op for op in SequenceMatcher(a=lines, b=edited).get_opcodes() if op[0] != "equal"]
    assert len(changes) == 1, changes


def test_a_known_disagreement_stays_marked_and_names_its_explanation() -> None:
    static = Verdict(rule="MF006", path="main.cf", status=Status.PASS, summary="dh_auto")
    live = LiveVerdict("MF006", "fail", "smallest DHE group: 1024")
    known = {("postfix/debian", "MF006"): "postfix-anon-dh1024"}
    cell = make_cell("postfix/debian", static, live, False, {}, known)
    assert cell.outcome == "known-disagreement"
    assert cell.text() == "DISAGREE: pass, live fail (postfix-anon-dh1024)"
    table = render_table(
        [cell], ("MF006",), {"postfix/debian": "none"}, {"postfix-anon-dh1024": "x"}
    )
    assert "explained (the checker is wrong)" in table and "cannot be observed" not in table
    assert make_cell("postfix/debian", static, live, False, {}).outcome == "disagree"
