"""The quote table on the environment: pickled compactly, decoded per page, summaries kept."""

from __future__ import annotations

import json
import pickle

from sphinx_configfile.excerpt.ranges import LineRange
from sphinx_configfile.state import quotes
from sphinx_configfile.state.quotes import QuoteRecord, QuoteTable


def record(docname: str, lineno: int, config: str = "IM/ejabberd.yml", **extra) -> QuoteRecord:
    return QuoteRecord(
        docname=docname,
        source=f"/src/{docname}.rst",
        lineno=lineno,
        config_path=f"/configs/{config}",
        config_relpath=config,
        ranges=(LineRange(3, 5), LineRange(9, 9)),
        name=None,
        caption="TLS",
        language="yaml",
        origin="directive",
        source_relpath=f"{docname}.rst",
        **extra,
    )


def test_a_pickled_table_gives_back_every_record_and_field() -> None:
    table = QuoteTable()
    table.append("im", record("im", 40, conditions=(("only", "html"),), emphasized=(4,)))
    table.append("im", record("im", 12, keys="listen"))
    table.append("web", record("web", 7, "Webservers/nginx.conf"))
    loaded = pickle.loads(pickle.dumps(table, pickle.HIGHEST_PROTOCOL))
    assert dict(loaded) == dict(table)
    assert loaded["im"][0].ranges == (LineRange(3, 5), LineRange(9, 9))
    assert sorted(loaded) == ["im", "web"] and len(loaded) == 2


def no_decoding_allowed(fields: tuple) -> QuoteRecord:
    raise AssertionError("a record was decoded")


def test_summaries_come_without_decoding_and_in_manifest_order(monkeypatch) -> None:
    table = QuoteTable()
    table.append("im", record("im", 40))
    table.append("im", record("im", 12))
    loaded = pickle.loads(pickle.dumps(table, pickle.HIGHEST_PROTOCOL))
    monkeypatch.setattr(quotes, "_from_fields", no_decoding_allowed)
    summaries = loaded.summaries("im")
    assert [json.loads(row)["line"] for _conditions, _relpath, _path, row in summaries] == [12, 40]
    assert {relpath for _conditions, relpath, _path, _row in summaries} == {"IM/ejabberd.yml"}


def test_replacing_or_removing_a_page_drops_its_stale_summaries(monkeypatch) -> None:
    table = QuoteTable()
    table.append("im", record("im", 40))
    table.summaries("im")
    table["im"] = (record("im", 41),)
    assert json.loads(table.summaries("im")[0][3])["line"] == 41
    loaded = pickle.loads(pickle.dumps(table, pickle.HIGHEST_PROTOCOL))
    monkeypatch.setattr(quotes, "_from_fields", no_decoding_allowed)
    del loaded["im"]  # as purging a page re-read does, without decoding it
    assert "im" not in loaded
    assert list(pickle.loads(pickle.dumps(loaded))) == []
