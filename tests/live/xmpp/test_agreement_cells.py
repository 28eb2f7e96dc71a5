"""The agreement matrix without a server: cells, failed endpoints, the docs block, the edits."""

from __future__ import annotations

import dataclasses
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from support.probe_samples import sound_result
from tls_manifesto.verdicts import Status, Verdict

from live.live_verdicts import LiveVerdict
from live.matrix_table import BEGIN, END, documented_table, make_cell, render_table, write_table
from live.xmpp.agreement_matrix import _with_failures
from live.xmpp.shipped_configs import CONFIGS, SHIPPED, ShippedConfig
from live.xmpp.xmpp_live_verdicts import live_verdicts


def _static(rule: str, status: Status) -> Verdict:
    return Verdict(rule=rule, path="x.yml", status=status, summary="static summary")


def test_an_unlisted_disagreement_is_a_disagreement() -> None:
    cell = make_cell(
        "s/c", _static("MF004", Status.FAIL), LiveVerdict("MF004", "pass", "e"), False, {}
    )
    assert cell.outcome == "disagree"
    assert cell.text().startswith("DISAGREE")


def test_a_listed_cell_names_its_reason() -> None:
    listed = {("s/c", "MF004"): "openssl-seclevel"}
    cell = make_cell(
        "s/c", _static("MF004", Status.FAIL), LiveVerdict("MF004", "pass", "e"), True, listed
    )
    assert cell.outcome == "cannot-observe"
    assert cell.text() == "fail, live: not observed (openssl-seclevel)"


def test_a_listed_cell_that_agrees_is_not_hidden() -> None:
    listed = {("s/c", "MF004"): "openssl-seclevel"}
    cell = make_cell(
        "s/c", _static("MF004", Status.FAIL), LiveVerdict("MF004", "fail", "e"), True, listed
    )
    assert cell.outcome == "agree" and cell.reason == "openssl-seclevel"


def test_an_endpoint_in_plaintext_only_fails_its_tls_rule() -> None:
    probes = {"s2s": sound_result()}
    failures = {"c2s": "127.0.0.1:5222: server does not offer STARTTLS; it offers PLAIN"}
    verdicts = _with_failures(live_verdicts(probes, None), probes, failures)
    assert verdicts["MF001"].status == "fail"
    assert verdicts["MF009"].status != "fail"


def test_an_endpoint_without_a_handshake_serves_no_certificate() -> None:
    failures = {"c2s": "127.0.0.1:5222: server refused <starttls/>"}
    verdicts = _with_failures(live_verdicts({}, True), {}, failures)
    assert verdicts["MF009"].status == "fail"
    assert verdicts["MF001"].status == "not-observed"
    assert verdicts["MF003"].status == "not-observed"
    assert verdicts["MF008"].status == "pass"  # the web admin was still observed


def test_the_docs_block_is_rewritten_in_place(tmp_path: Path) -> None:
    page = tmp_path / "probe.md"
    page.write_text(f"# Probe\n\nbefore\n\n{BEGIN}\nold\n{END}\n\nafter\n")
    cell = make_cell(
        "s/c", _static("MF001", Status.PASS), LiveVerdict("MF001", "pass", "e"), False, {}
    )
    table = render_table([cell], ("MF001",), {"s/c": "none"}, {})
    write_table(table, page)
    assert documented_table(page) == table
    assert page.read_text().startswith("# Probe\n\nbefore\n") and "after" in page.read_text()
    assert "| `s/c` | none | pass |" in table


@pytest.mark.parametrize("config", [c for c in CONFIGS if c.edit], ids=lambda c: c.label)
def test_each_variant_is_one_edit_of_the_shipped_file(config: ShippedConfig) -> None:
    shipped = SHIPPED[config.server]
    if not shipped.exists():
        pytest.skip(f"{shipped} not found: install the Debian package '{config.server}'")
    lines = shipped.read_text(encoding="utf-8").splitlines()
    edited = config.text(shipped.read_text(encoding="utf-8"), Path("/dh1024.pem")).splitlines()
    changes = [op for op in SequenceMatcher(a=lines, b=edited).get_opcodes() if op[0] != "equal"]
    assert len(changes) == 1, changes


@pytest.mark.parametrize(
    ("suite_is_forward_secret", "expected"), [(True, "pass"), (False, "fail")], ids=["fs", "non-fs"]
)
def test_the_clients_order_fails_mf005_live_only_when_a_suite_lacks_forward_secrecy(
    suite_is_forward_secret: bool, expected: str
) -> None:
    # As rules/tls/server_cipher_order.py reads it: Prosody 0.12's default profile leaves
    # the order to the client but offers only forward-secret suites, and passes.
    result = sound_result()
    client_order = dataclasses.replace(result.server_order, enforced=False)
    protocols = tuple(
        dataclasses.replace(
            p,
            suites=tuple(
                dataclasses.replace(s, forward_secret=s.forward_secret and suite_is_forward_secret)
                for s in p.suites
            ),
        )
        for p in result.protocols
    )
    result = dataclasses.replace(result, server_order=client_order, protocols=protocols)
    assert live_verdicts({"c2s": result}, None)["MF005"].status == expected
