"""The search index learns listing words, identically with and without the stem memo."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import sphinx_configfile.state.search
from sphinx.search.en import SearchEnglish

# "starttls_required" occurs in the quoted lines 8-10,13-14,22 of the test root's
# ejabberd.yml (line 13) and nowhere in its prose.
LISTING_ONLY_WORD = "starttls_required"
PAGES = 6


def guide_with_many_quotes(rootdir: Path, target: Path) -> Path:
    """The test project plus pages that each quote the same ejabberd.yml lines."""
    shutil.copytree(rootdir / "test-configfile", target)
    for number in range(PAGES):
        (target / f"quote{number}.rst").write_text(
            f":orphan:\n\nQuote {number}\n=======\n\nSome prose.\n\n"
            ".. configfile:: /IM/ejabberd/14.12/ejabberd.yml\n   :lines: 8-14\n",
            encoding="utf-8",
        )
    return target


def search_index(outdir: Path) -> dict:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.S).group(1))


def docs_with_term(index: dict, term: str) -> set[str]:
    found = index["terms"].get(term, [])
    found = [found] if isinstance(found, int) else found
    return {index["docnames"][number] for number in found}


@pytest.fixture
def counted_stems(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every call of the English stemmer itself, by word."""
    calls: Counter[str] = Counter()
    original = SearchEnglish.stem

    def counting(self: SearchEnglish, word: str) -> str:
        calls[word] += 1
        return original(self, word)

    monkeypatch.setattr(SearchEnglish, "stem", counting)
    return calls


def test_a_word_only_in_listings_is_found_by_search(make_app, rootdir, tmp_path) -> None:
    app = make_app("html", srcdir=guide_with_many_quotes(rootdir, tmp_path / "guide"))
    app.build()
    index = search_index(Path(app.outdir))
    term = SearchEnglish({}).stem(LISTING_ONLY_WORD).lower()
    pages = docs_with_term(index, term)
    assert pages == {"index", *(f"quote{n}" for n in range(PAGES))}


def test_config_words_are_stemmed_once_however_many_pages_quote_them(
    make_app, rootdir, tmp_path, counted_stems: Counter[str]
) -> None:
    app = make_app("html", srcdir=guide_with_many_quotes(rootdir, tmp_path / "guide"))
    app.build()
    assert counted_stems[LISTING_ONLY_WORD] == 1
    # Prose is not memoised across pages: "prose" occurs on every quote page.
    assert counted_stems["prose"] == PAGES


def test_without_the_memo_each_page_stems_again(
    make_app, rootdir, tmp_path, counted_stems: Counter[str], monkeypatch
) -> None:
    # The control for the test above: it proves the counter sees per-page stemming.
    monkeypatch.setattr(sphinx_configfile.state.search, "memoise_config_stems", lambda *args: None)
    app = make_app("html", srcdir=guide_with_many_quotes(rootdir, tmp_path / "guide"))
    app.build()
    assert counted_stems[LISTING_ONLY_WORD] == PAGES + 1


def test_the_index_is_the_same_with_and_without_the_memo(
    make_app, rootdir, tmp_path, monkeypatch
) -> None:
    memo = make_app("html", srcdir=guide_with_many_quotes(rootdir, tmp_path / "memo"))
    memo.build()
    monkeypatch.setattr(sphinx_configfile.state.search, "memoise_config_stems", lambda *args: None)
    plain = make_app("html", srcdir=guide_with_many_quotes(rootdir, tmp_path / "plain"))
    plain.build()
    with_memo = (Path(memo.outdir) / "searchindex.js").read_bytes()
    without = (Path(plain.outdir) / "searchindex.js").read_bytes()
    assert with_memo == without
    assert b'"starttls_requir"' in with_memo  # the listing's words are in it
