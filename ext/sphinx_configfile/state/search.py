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
    if not isinstance(memo, ConfigWordStems):
        # An attribute on this language object only: the class and other
        # indexers keep Sphinx's own method.
        memo = ConfigWordStems(language.stem, language.split)
        language.stem = memo
    for listing in doctree.findall(configfile_listing):
        memo.learn_listing(listing_text(listing))
