"""The guide's Compliance page: every reference config x rule, as the checker JSON says."""

from __future__ import annotations

import json
import re

import pytest
from evidence_reading import CheckerView, ComplianceRow, checker_view, compliance_rows
from guide_build import GUIDE_SOURCE, BuiltGuide, Listing, parse_listings

STATUS_WORDS = {"pass": "pass", "fail": "fail", "warn": "warn", "not-applicable": "not applicable"}


@pytest.fixture(scope="module")
def checker() -> CheckerView:
    return checker_view()


@pytest.fixture(scope="module")
def rows(built_guide: BuiltGuide) -> list[ComplianceRow]:
    return compliance_rows(built_guide.page("compliance"))


def test_one_row_per_reference_config_and_rule(
    rows: list[ComplianceRow], checker: CheckerView
) -> None:
    expected = [(c, v["rule"]) for c in sorted(checker.configs) for v in checker.verdicts[c]]
    assert sorted((r.config, r.rule) for r in rows) == sorted(expected)
    assert len(checker.verdicts) >= 6  # ejabberd 2.1.10, 14.12, 16.01, 23.01, Prosody, Charybdis


def test_server_and_verdict_match_the_checker_json(
    rows: list[ComplianceRow], checker: CheckerView
) -> None:
    for row in rows:
        verdict = next(v for v in checker.verdicts[row.config] if v["rule"] == row.rule)
        assert row.server == checker.servers[row.config]
        if verdict["status"] == "waived":
            assert row.verdict == " ".join(f"waived: {verdict['waiver_reason']}".split())
        else:
            assert row.verdict == STATUS_WORDS[verdict["status"]]


def _numbers_in(evidence_text: str) -> set[int]:
    numbers: set[int] = set()
    for first, last in re.findall(r"(\d+)(?:\u2013(\d+))?", evidence_text):
        numbers.update(range(int(first), int(last or first) + 1))
    return numbers


def test_evidence_lines_are_the_cited_lines_linked_to_a_listing_showing_them(
    built_guide: BuiltGuide, rows: list[ComplianceRow], checker: CheckerView
) -> None:
    listings: dict[str, dict[str, Listing]] = {}  # by page, parsed when first linked to
    links_checked = 0
    for row in rows:
        verdict = next(v for v in checker.verdicts[row.config] if v["rule"] == row.rule)
        cited = {e["line"] for e in verdict["evidence"]} if verdict["status"] == "pass" else set()
        if not cited:
            continue
        assert _numbers_in(row.evidence) == cited, (row.config, row.rule)
        assert "not shown in the guide" not in row.evidence  # the gate makes the guide show them
        for href, text in row.evidence_links:
            page, _, anchor = href.partition("#")
            assert page in ("im.html", "webservers.html", "mailservers.html")
            if page not in listings:
                listings[page] = parse_listings(built_guide.page(page.removesuffix(".html")))
            shown = {number for number, _ in listings[page][anchor].lines}
            assert _numbers_in(text) <= shown, (row.config, row.rule, text, anchor)
            links_checked += 1
    assert links_checked >= 40


def test_live_column_shows_the_committed_probe_results(rows: list[ComplianceRow]) -> None:
    data = json.loads((GUIDE_SOURCE / "_data/probe-results.json").read_text())
    probed = {entry["config"].removeprefix("configs/"): entry for entry in data["servers"].values()}
    for row in rows:
        if row.config not in probed:
            assert row.live == "not probed"
            continue
        summaries = {role: e["summary"] for role, e in probed[row.config]["endpoints"].items()}
        if row.rule == "MF001":
            assert row.live == "c2s: STARTTLS required"
            assert summaries["c2s"]["starttls_required"] and not summaries["c2s"]["can_skip_tls"]
        elif row.rule == "MF004":
            versions = {", ".join(s["accepted_versions"]) for s in summaries.values()}
            assert row.live == "accepts " + versions.pop()
        elif row.rule == "MF006":
            assert row.live == f"DHE group {summaries['c2s']['smallest_dh_bits']} bits"
        elif row.rule == "MF008":
            assert row.live == "not probed"


def test_compliance_page_is_in_the_toctree(built_guide: BuiltGuide) -> None:
    assert 'href="compliance.html"' in built_guide.page("index")
