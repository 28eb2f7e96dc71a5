"""The web matrix without a server: live verdicts from probe results, cells, the variants' edits."""

from __future__ import annotations

import dataclasses
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from support.probe_samples import sound_result
from tls_manifesto.probe.http_check import parse_hsts
from tls_manifesto.probe.results import AcceptedSuite, HttpCheck, PlainHttpResult, ProbeResult

from live.live_verdicts import LiveVerdict
from live.matrix_table import live_only_cell
from live.web.shipped_configs import SHIPPED, WEB_CONFIGS, WebConfig, shipped_tree
from live.web.web_live_verdicts import (
    AEAD_RULE,
    HSTS_MINIMUM_S,
    HSTS_RULE,
    REDIRECT_RULE,
    WEB_RULE_IDS,
    web_live_verdicts,
)


def _answer(scheme: str, status: int = 200, location: str | None = None, hsts: str | None = None):
    age, subdomains, problem = parse_hsts(hsts) if hsts else (None, False, None)
    return HttpCheck(scheme, status, "", location, hsts, int(bool(hsts)), age, subdomains, problem)


def _https(hsts: str | None) -> ProbeResult:
    return dataclasses.replace(sound_result(), http=_answer("https", hsts=hsts))


def _plain(status: int, location: str | None) -> PlainHttpResult:
    return PlainHttpResult(
        "127.0.0.1", 80, "127.0.0.1", "localhost", _answer("http", status, location)
    )


@pytest.mark.parametrize(
    ("hsts", "expected"),
    [
        (f"max-age={HSTS_MINIMUM_S}", "pass"),
        (f"max-age={HSTS_MINIMUM_S - 1}", "fail"),
        (None, "fail"),
        (f"max-age={HSTS_MINIMUM_S}; max-age={HSTS_MINIMUM_S}", "fail"),  # browsers ignore it
    ],
    ids=["six-months", "a-second-less", "none", "void"],
)
def test_hsts_passes_live_from_six_months(hsts: str | None, expected: str) -> None:
    verdicts = web_live_verdicts(_https(hsts), _plain(301, "https://localhost/"), {})
    assert verdicts[HSTS_RULE].status == expected


@pytest.mark.parametrize(
    ("status", "location", "expected"),
    [(301, "https://localhost/", "pass"), (302, "HTTPS://x/", "pass"),
     (301, "http://localhost/", "fail"), (200, None, "fail")],
    ids=["301-https", "302-upper-case", "to-http", "page"],
)  # fmt: skip
def test_the_redirect_passes_live_only_to_https(
    status: int, location: str | None, expected: str
) -> None:
    verdicts = web_live_verdicts(_https(None), _plain(status, location), {})
    assert verdicts[REDIRECT_RULE].status == expected


def test_a_cbc_suite_fails_aead_live() -> None:
    cbc = AcceptedSuite(
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", True, "ECDH", 253, "X25519"
    )
    result = _https(None)
    first = dataclasses.replace(result.protocols[0], suites=(*result.protocols[0].suites, cbc))
    result = dataclasses.replace(result, protocols=(first, *result.protocols[1:]))
    assert web_live_verdicts(_https(None), None, {})[AEAD_RULE].status == "pass"
    assert web_live_verdicts(result, None, {})[AEAD_RULE].status == "fail"


def test_a_port_that_gave_nothing_is_not_observed_and_says_why() -> None:
    verdicts = web_live_verdicts(None, None, {"https": "TLS handshake failed", "http": "refused"})
    assert set(verdicts) == set(WEB_RULE_IDS)
    assert {v.status for v in verdicts.values()} == {"not-observed"}
    assert verdicts["MF003"].evidence == "TLS handshake failed"
    assert verdicts[REDIRECT_RULE].evidence == "refused"


def test_a_live_only_cell_names_its_reason_only_when_nothing_was_observed() -> None:
    reasons = {("s/c", "MF004"): "openssl-seclevel", ("s/c", "MF006"): "nginx-no-dhe"}
    passed = live_only_cell("s/c", LiveVerdict("MF004", "pass", "e"), reasons)
    unseen = live_only_cell("s/c", LiveVerdict("MF006", "not-observed", "e"), reasons)
    assert passed.text() == "live: pass"
    assert unseen.text() == "live: not observed (nginx-no-dhe)"


@pytest.mark.parametrize("config", [c for c in WEB_CONFIGS if c.edit], ids=lambda c: c.label)
def test_each_variant_is_one_edit_of_the_shipped_file(config: WebConfig) -> None:
    if not SHIPPED[config.server].exists():
        pytest.skip(f"{SHIPPED[config.server]} not found: install the Debian package")
    text = shipped_tree(config.server)[config.file]
    lines = text.splitlines()
    edited = config.edited(text, Path("/dh.pem"), Path("/cert-dh.pem")).splitlines()
    changes = [op for op in SequenceMatcher(a=lines, b=edited).get_opcodes() if op[0] != "equal"]
    assert len(changes) == 1, changes
