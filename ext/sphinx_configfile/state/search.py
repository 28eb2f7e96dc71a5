"""Stem each config word once per build, not once per page that quotes it.

Sphinx's HTML search indexer memoises its stemmer per page only, so the words
of a config quoted on a hundred pages are stemmed a hundred times: in a guide
of many quotes that is most of what a listing costs. Stemming is a pure
function of the word, so a memo shared across pages gives the same index.

The memo wraps the indexer language's ``stem`` and keeps only the stems of
words that occur in quoted lines: prose is stemmed exactly as it would be
without this extension. Indexing runs in the main process (also with ``-j N``,
where Sphinx resolves and indexes each page before forking writers), right
after ``doctree-resolved``, which is where the memo learns the page's listings.
It learns the lines each listing shows, not the whole config: a rebuild that
writes one page then splits that page's few quoted lines, not every line of
every config the page quotes.

The indexer records, per word, the set of pages it occurs on: a word's
second occurrence on a page changes nothing. A listing repeats its keys
line after line, so the words of a listing's text are handed to the
indexer once each (``ListingWordSplit``); prose is split as without this
extension. The index is byte-identical either way (a test compares them).
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_configfile.excerpt.nodes import configfile_listing, listing_lines


class ConfigWordStems:
    """A stand-in for ``SearchLanguage.stem`` that remembers the stems of listing words."""

    def __init__(self, stem: Callable[[str], str], split: Callable[[str], list[str]]) -> None:
        self.stem = stem
        self.split = split
        self.config_words: set[str] = set()
        self.stems: dict[str, str] = {}

    def learn_listing(self, text: str) -> None:
        self.config_words.update(self.split(text))

    def __call__(self, word: str) -> str:
        try:
            return self.stems[word]
        except KeyError:
            stemmed = self.stem(word)
            if word in self.config_words:
                self.stems[word] = stemmed
            return stemmed


class ListingWordSplit:
    """A stand-in for ``SearchLanguage.split`` that gives a listing's words once each."""

    def __init__(self, split: Callable[[str], list[str]]) -> None:
        self.split = split
        self.listing_texts: set[str] = set()  # of the page being indexed

    def learn_page(self, doctree: nodes.document) -> None:
        self.listing_texts = {
            listing_text(listing) for listing in doctree.findall(configfile_listing)
        }

    def __call__(self, text: str) -> list[str]:
        words = self.split(text)
        if text in self.listing_texts:
            return list(dict.fromkeys(words))
        return words


def listing_text(listing: configfile_listing) -> str:
    """The listing's quoted lines as its text node holds them, which the indexer splits."""
    return "\n".join(listing_lines(listing))


def memoise_config_stems(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: before the page is indexed, learn the lines its listings show."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return
    language = indexer.lang
    memo = language.stem
    splitter = language.split
    if not isinstance(memo, ConfigWordStems):
        # Attributes on this language object only: the class and other
        # indexers keep Sphinx's own methods.
        memo = ConfigWordStems(language.stem, language.split)
        language.stem = memo
    if not isinstance(splitter, ListingWordSplit):
        splitter = ListingWordSplit(language.split)
        language.split = splitter
    splitter.listing_texts = set()
    for listing in doctree.findall(configfile_listing):
        text = listing_text(listing)
        splitter.listing_texts.add(text)
        memo.learn_listing(text)
