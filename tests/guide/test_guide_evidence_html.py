"""Evidence marks and verdict lines in the guide HTML agree with `manifesto check --format json`."""

from __future__ import annotations

import json
import re

import pytest
from evidence_reading import (
    CheckerView,
    MarkedListing,
    checker_view,
    marked_listings,
    rule_summaries,
)
from guide_build import GUIDE_SOURCE, BuiltGuide

STATUS_WORDS = (
    ("pass", "pass"),
    ("fail", "fail"),
    ("warn", "warn"),
    ("waived", "waived"),
    ("not-applicable", "not applicable"),
)


@pytest.fixture(scope="module")
def checker() -> CheckerView:
    return checker_view()


CHAPTERS = ("im", "webservers", "mailservers")


@pytest.fixture(scope="module")
def listings(built_guide: BuiltGuide) -> dict[str, MarkedListing]:
    found: dict[str, MarkedListing] = {}
    for chapter in CHAPTERS:
        found.update(marked_listings(built_guide.page(chapter)))
    return found


@pytest.fixture(scope="module")
def config_of(built_guide: BuiltGuide) -> dict[str, str]:
    """Listing name -> the quoted config's path under the configs root."""
    return {q["name"]: q["config_relpath"] for q in built_guide.manifest()["quotes"] if q["name"]}


def _probed_relpaths() -> set[str]:
    data = json.loads((GUIDE_SOURCE / "_data/probe-results.json").read_text())
    return {entry["config"].removeprefix("configs/") for entry in data["servers"].values()}


def test_every_guide_listing_has_marks_and_a_verdict_line(
    listings: dict[str, MarkedListing], config_of: dict[str, str]
) -> None:
    assert set(config_of) <= set(listings)
    for name in config_of:
        assert listings[name].verdict_text, f"{name} has no verdict line"
        assert any(listings[name].marks.values()), f"{name} shows no evidence mark"


def test_each_shown_line_carries_exactly_the_ids_the_checker_cites(
    listings: dict[str, MarkedListing], config_of: dict[str, str], checker: CheckerView
) -> None:
    checked_lines = 0
    for name, relpath in config_of.items():
        cited = checker.cited(relpath)
        for number, marks in listings[name].marks.items():
            assert [m.rule for m in marks] == sorted(cited.get(number, ())), f"{name} line {number}"
            checked_lines += 1
    assert checked_lines > 100


def test_a_line_that_proves_several_rules_shows_every_id(
    listings: dict[str, MarkedListing],
) -> None:
    marks = listings["ejabberd-23-tls"].marks
    assert [m.rule for m in marks[29]] == ["MF004", "MF005"]  # c2s_protocol_options:


def test_marks_link_to_their_rule_with_its_summary_as_title(
    built_guide: BuiltGuide, listings: dict[str, MarkedListing]
) -> None:
    summaries = rule_summaries()
    appendix = built_guide.page("manifesto-rules")
    seen = 0
    for listing in listings.values():
        for marks in listing.marks.values():
            for mark in marks:
                assert mark.title == summaries[mark.rule]
                assert mark.href == f"manifesto-rules.html#manifesto-rule-{mark.rule.lower()}"
                assert f'id="manifesto-rule-{mark.rule.lower()}"' in appendix
                seen += 1
    assert seen > 50


def _expected_verdict_line(server: str, verdicts: list[dict], live: bool) -> str:
    parts = [server]
    for status, words in STATUS_WORDS:
        ids = [v["rule"] for v in verdicts if v["status"] == status]
        if ids:
            parts.append(" ".join(ids) + " " + words)
    if live:
        parts.append("live-verified")
    return " \u00b7 ".join(parts)


def test_verdict_line_matches_the_checker_json_for_its_config(
    listings: dict[str, MarkedListing], config_of: dict[str, str], checker: CheckerView
) -> None:
    probed = _probed_relpaths()
    for name, relpath in config_of.items():
        expected = _expected_verdict_line(
            checker.servers[relpath], checker.verdicts[relpath], relpath in probed
        )
        assert listings[name].verdict_text == expected, name


def test_verdict_ids_link_to_rules_and_waived_ones_give_the_reason(
    listings: dict[str, MarkedListing], config_of: dict[str, str], checker: CheckerView
) -> None:
    summaries = rule_summaries()
    waived_seen = 0
    for name, relpath in config_of.items():
        by_rule = {v["rule"]: v for v in checker.verdicts[relpath]}
        for rule, status, title, href in listings[name].verdict_rules:
            assert status == by_rule[rule]["status"]
            assert href == f"manifesto-rules.html#manifesto-rule-{rule.lower()}"
            if status == "waived":
                assert title == "waived: " + by_rule[rule]["waiver_reason"]
                waived_seen += 1
            else:
                assert title == summaries[rule]
    assert waived_seen >= 4  # 14.12, 2.1.10 and Charybdis have waivers


def test_live_verified_only_for_probed_configs_and_links_to_the_table(
    built_guide: BuiltGuide, listings: dict[str, MarkedListing], config_of: dict[str, str]
) -> None:
    probed = _probed_relpaths()
    assert probed == {"IM/ejabberd/23.01/ejabberd.yml", "IM/Prosody/0.12/prosody.cfg.lua"}
    page = built_guide.page("im")
    assert 'id="manifesto-probe-results"' in page
    for name, relpath in config_of.items():
        verdict = listings[name].verdict_html or ""
        live = re.search(
            r'<a class="configfile-live"[^>]*href="([^"]+)"[^>]*>live-verified</a>', verdict
        )
        if relpath in probed:
            assert live is not None and live.group(1) == "#manifesto-probe-results", name
        else:
            assert "live-verified" not in verdict, name
