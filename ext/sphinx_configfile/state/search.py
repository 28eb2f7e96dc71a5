"""Stem each config word once per build, not once per page that quotes it.

Sphinx's HTML search indexer memoises its stemmer per page only, so the words
of a config quoted on a hundred pages are stemmed a hundred times: in a guide
of many quotes that is most of what a listing costs. Stemming is a pure
function of the word, so a memo shared across pages gives the same index.

The memo wraps the indexer language's ``stem`` and keeps only the stems of
words that occur in quoted configs: prose is stemmed exactly as it would be
without this extension. Indexing runs in the main process (also with ``-j N``,
where Sphinx resolves and indexes each page before forking writers), right
after ``doctree-resolved``, which is where the memo learns the page's configs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_configfile.quoting.nodes import configfile_listing
from sphinx_configfile.quoting.reader import ConfigReadError, read_config


class ConfigWordStems:
    """A stand-in for ``SearchLanguage.stem`` that remembers config words' stems."""

    def __init__(self, stem: Callable[[str], str], split: Callable[[str], list[str]]) -> None:
        self.stem = stem
        self.split = split
        self.config_words: set[str] = set()
        self.known_configs: set[str] = set()
        self.stems: dict[str, str] = {}

    def learn_config(self, path: str) -> None:
        if path in self.known_configs:
            return
        self.known_configs.add(path)
        try:
            text = read_config(Path(path)).text
        except ConfigReadError:
            return  # the listing keeps its quoted words; they are simply not memoised
        self.config_words.update(self.split(text))

    def __call__(self, word: str) -> str:
        try:
            return self.stems[word]
        except KeyError:
            stemmed = self.stem(word)
            if word in self.config_words:
                self.stems[word] = stemmed
            return stemmed


def memoise_config_stems(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: before the page is indexed, learn the configs it quotes."""
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
        memo.learn_config(listing["config"])
