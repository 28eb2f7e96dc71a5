"""The ``configfile`` and ``configfile-section`` directives, and ``build_listing``.

The directive is thin: it finds the section state and hands everything to
:func:`build_listing`, which a transform can call just as well. Data flows
one way: options -> ranges -> path -> reader -> record -> node.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.states import RSTState
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sphinx_configfile.errors import ConfigfileToolError
from sphinx_configfile.excerpt.nodes import attach_caption, configfile_section_marker, make_listing
from sphinx_configfile.excerpt.paths import (
    CONFIGS_ROOT,
    ConfigPathError,
    candidate_path,
    relative_to_root,
    resolve_config_path,
)
from sphinx_configfile.excerpt.ranges import (
    RangeError,
    check_ranges_fit,
    emphasized_lines,
    parse_ranges,
    whole_file,
)
from sphinx_configfile.excerpt.reader import (
    ConfigReadError,
    ConfigText,
    numbered_lines,
    read_config,
)
from sphinx_configfile.highlight.lexers import language_for, lexer_class_for
from sphinx_configfile.listening import anyone_listens
from sphinx_configfile.quoting.keys import KeyQuoteError, key_ranges
from sphinx_configfile.state.config_reads import current_version, note_config_read
from sphinx_configfile.state.copies import url_path
from sphinx_configfile.state.memos import build_memo
from sphinx_configfile.state.quotes import QUOTE_INDEX, QuoteRecord, record_quote
from sphinx_configfile.state.rereads import note_failed_quote

SECTION_STATE_KEY = "configfile_section"

logger = logging.getLogger(__name__)

# (record: QuoteRecord, config: ConfigText), once per quote read
QUOTED_EVENT = "configfile-quoted"


def warn_at_directive(directive: SphinxDirective, message: str, subtype: str) -> list[nodes.Node]:
    """Warn as ``configfile.<subtype>`` at the directive, so ``suppress_warnings``
    can select it; ``reporter.warning`` would type it ``docutils``."""
    # Named by its absolute path, as Sphinx names pages: docutils names an
    # ``.. include::``d file relative to the working directory, so the same
    # file was named differently from different checkouts.
    source, line = directive.get_source_info()
    location = f"{os.path.abspath(source)}:{line}" if source else directive.get_location()
    logger.warning("%s", message, location=location, type="configfile", subtype=subtype)
    return []


class ConfigfileError(ConfigfileToolError, ValueError):
    """A quote that cannot be made; the message starts with ``configfile: ``."""


@dataclass(frozen=True)
class SectionState:
    """What ``configfile-section`` set; ``subsection`` None means "from titles"."""

    section: str
    subsection: str | None


def enclosing_subsection(node: nodes.Node) -> str | None:
    """Title text of the second-level section around ``node``, if any."""
    sections: list[nodes.section] = []
    current: nodes.Node | None = node
    while current is not None:
        if isinstance(current, nodes.section):
            sections.append(current)
        current = current.parent
    if len(sections) < 2:
        return None
    second = sections[-2]
    title = second[0] if len(second) and isinstance(second[0], nodes.title) else None
    return title.astext() if title is not None else None


def _source_names(env: BuildEnvironment, docname: str, source: str) -> tuple[str, str, bool]:
    """``source`` made absolute, relative to the source dir, and whether the page includes it.

    docutils names an included file relative to the working directory when
    the source dir was given that way; records always hold absolute paths.
    """
    cached = env.temp_data.get("configfile_source_names")
    if cached is None or cached[0] != (docname, source):
        absolute = os.path.abspath(source)
        relpath = Path(os.path.relpath(absolute, env.srcdir)).as_posix()
        included = absolute != os.path.abspath(env.doc2path(docname))
        cached = ((docname, source), (absolute, relpath, included))
        env.temp_data["configfile_source_names"] = cached
    return cached[1]


def _emit_quoted(env: BuildEnvironment, record: QuoteRecord, config: ConfigText) -> None:
    # Both arguments have short reprs: Sphinx formats them for its debug log
    # on every emit.
    if anyone_listens(env.events, QUOTED_EVENT):
        env.events.emit(QUOTED_EVENT, record, config)


def build_listing(
    env: BuildEnvironment,
    *,
    docname: str,
    source: str,
    lineno: int,
    argument: str,
    lines_option: str | None,
    caption: str | None,
    keys_option: str | None = None,
    emphasize_option: str | None = None,
    name: str | None = None,
    language: str | None = None,
    section: str | None,
    subsection: str | None,
    origin: str = "directive",
    document: nodes.document | None = None,
) -> nodes.Element:
    """Resolve, read and check one quote, record it, and return its listing node.

    Emits ``configfile-quoted(app, record, config_text)``. Raises
    :class:`ConfigfileError` for anything the author must fix. Pass
    ``document`` to register ``name`` as a reference target.
    """
    try:
        ranges = parse_ranges(lines_option) if lines_option is not None else None
        root = CONFIGS_ROOT.require(env)  # set at builder-inited
        # A page whose quote fails here is read again on every build, and
        # warns again, until the quote works (rereads.note_failed_quote).
        candidate = candidate_path(root, section, subsection, argument)
        paths_memo = build_memo(env, "config-paths")
        path = resolve_config_path(root, section, subsection, argument, paths_memo)
        config = read_config(path)
        # Read again when the config changes (config_reads.py). Always called
        # while "docname" is being read (Sphinx 7.2 has no docname= here).
        note_config_read(env, docname, config.cache_key)
        if path != candidate:
            # A symlink inside the root: pointed elsewhere, the page reads anew.
            version = current_version(str(candidate))
            if version is not None:
                note_config_read(env, docname, version)
        if not config.lines:
            # An empty listing in the guide is a truncated or wrong file far
            # more often than a point being made; say so instead.
            raise ConfigReadError(f"{argument.strip()} is empty; there is nothing to quote")
        if keys_option is not None:
            ranges = key_ranges(env.events, str(path), config.text, keys_option)
        if ranges is not None:
            check_ranges_fit(ranges, len(config.lines), label=argument)
        language = language or language_for(path)
        lexer_class_for(language)  # LookupError for an unknown language
        numbers, texts = numbered_lines(config, ranges)
        emphasized = emphasized_lines(emphasize_option, numbers) if emphasize_option else ()
    except (RangeError, KeyQuoteError, ConfigPathError, ConfigReadError, LookupError) as error:
        # Read again next build, whatever the config's mtime (rereads.py).
        note_failed_quote(env, docname)
        raise ConfigfileError(f"configfile: {error}") from None
    relpath = relative_to_root(root, path)
    source, source_relpath, included = _source_names(env, docname, source)
    record = QuoteRecord(
        docname=docname,
        source=source,
        lineno=lineno,
        # Interned: a config quoted on a hundred pages keeps one copy of its
        # paths on the environment, in memory and in its pickle.
        config_path=sys.intern(str(path)),
        config_relpath=sys.intern(relpath),
        ranges=ranges if ranges is not None else whole_file(len(config.lines)),
        name=name,
        caption=caption,
        language=language,
        origin=origin,
        source_relpath=source_relpath,
        included=included,
        keys=keys_option,
        emphasized=emphasized,
    )
    index = record_quote(env, record)
    _emit_quoted(env, record, config)

    base_url = env.config.configfile_base_url
    listing = make_listing(
        str(path),
        language,
        numbers,
        texts,
        title=caption,
        relpath=relpath,
        config_url=base_url + url_path(relpath) if base_url else None,
    )
    listing.source, listing.line = source, lineno
    listing[QUOTE_INDEX] = index
    listing["emphasized"] = list(emphasized)
    if name:
        listing["names"].append(nodes.fully_normalize_name(name))
        if document is not None:
            document.note_explicit_target(listing, listing)
    return listing


def _last_subsection_title(document: nodes.document) -> str | None:
    # While a document is parsed, the sections open at the parse position are
    # the last section children down from the document.
    sections: list[nodes.section] = []
    parent: nodes.Element = document
    while True:
        children = [child for child in parent.children if isinstance(child, nodes.section)]
        if not children:
            break
        parent = children[-1]
        sections.append(parent)
    return enclosing_subsection(sections[-1]) if sections else None


def current_section(
    env: BuildEnvironment, node: nodes.Node | None, document: nodes.document | None = None
) -> tuple[str | None, str | None]:
    """(section, subsection) for a quote at ``node`` of the document being read.

    Inside a directive such as ``note`` the node is not attached to the
    document yet while it is parsed; then ``document`` tells where parsing is.
    MyST's directive state has no parent node at all (``node`` None); its
    renderer attaches each section to the document as it opens it, so the
    document tells there too.
    """
    state: SectionState | None = env.temp_data.get(SECTION_STATE_KEY)
    if state is None:
        return None, None
    if state.subsection is not None:
        return state.section, state.subsection
    if node is None:
        return state.section, _last_subsection_title(document) if document is not None else None
    top = node
    while top.parent is not None:
        top = top.parent
    if isinstance(top, nodes.document) or document is None:
        return state.section, enclosing_subsection(node)
    return state.section, _last_subsection_title(document)


def _caption(argument: str | None) -> str | None:
    # A caption wrapped onto continuation lines reads as one line, as in LaTeX.
    return " ".join(argument.split()) or None if argument is not None else None


# Options that cannot be given together, and why.
INVALID_OPTION_PAIRS = (("lines", "keys", "quote by line numbers or by keys, not both"),)


def check_option_pairs(options: dict[str, Any]) -> None:
    for first, second, why in INVALID_OPTION_PAIRS:
        if first in options and second in options:
            raise ConfigfileError(
                f"configfile: :{first}: and :{second}: cannot be combined ({why})"
            )


class ConfigfileDirective(SphinxDirective):
    """``.. configfile:: path`` with ``:lines:`` or ``:keys:``, ``:emphasize-lines:``,
    ``:caption:``, ``:name:``, ``:language:``, ``:class:``."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "lines": directives.unchanged_required,
        "keys": directives.unchanged_required,
        "emphasize-lines": directives.unchanged_required,
        "caption": directives.unchanged,
        "name": directives.unchanged,
        "language": directives.unchanged_required,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        document = self.state.document
        if not document.settings.file_insertion_enabled:
            return warn_at_directive(self, "configfile: file insertion disabled", "quote")
        # Only reST's own state knows the node it is filling; MyST's stand-in
        # state raises on the attribute (current_section copes without it).
        parent = self.state.parent if isinstance(self.state, RSTState) else None
        section, subsection = current_section(self.env, parent, document)
        source, line = self.get_source_info()
        try:
            check_option_pairs(self.options)
            listing = build_listing(
                self.env,
                docname=self.env.docname,
                source=source,
                lineno=line,
                argument=self.arguments[0],
                lines_option=self.options.get("lines"),
                keys_option=self.options.get("keys"),
                emphasize_option=self.options.get("emphasize-lines"),
                caption=_caption(self.options.get("caption")),
                name=self.options.get("name") or None,
                language=self.options.get("language"),
                section=section,
                subsection=subsection,
                document=document,
            )
        except ConfigfileError as error:
            return warn_at_directive(self, str(error), "quote")
        listing["classes"] += self.options.get("class", [])
        return [listing, *self._parse_caption(listing)]

    def _parse_caption(self, listing: nodes.Element) -> list[nodes.Node]:
        """Read the caption title as inline reST (literals, links, roles), as code-block does."""
        title = listing.get("title")
        if not title:
            return []
        inline, messages = self.state.inline_text(title, self.lineno)
        attach_caption(listing, title, inline)
        return messages


def _section_problem(argument: str) -> str | None:
    """Why ``argument`` (slashes at both ends stripped) names no directory under the root."""
    if not argument:
        return "empty section"
    parts = argument.split("/")
    if "" in parts:
        return f"{argument!r} has an empty part"
    if ".." in parts or "." in parts:
        # A section is a directory under the configs root, not a way out of it:
        # without this, "../x" was accepted here and every later quote failed.
        return f"{argument!r} has a '{'..' if '..' in parts else '.'}' part"
    return None


class ConfigfileSectionDirective(SphinxDirective):
    """``.. configfile-section:: IM`` or ``IM/ejabberd``: where later quotes look.

    ``IM`` alone takes the subsection from the enclosing second-level title,
    as the guide's ``\\gdef\\currentsectionname{IM}`` did.
    """

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        argument = self.arguments[0].strip().strip("/")
        section, _, subsection = argument.partition("/")
        problem = _section_problem(argument)
        if problem:
            return warn_at_directive(
                self, f"configfile-section: {problem} (write e.g. IM or IM/ejabberd)", "section"
            )
        state = SectionState(section, subsection or None)
        self.env.temp_data[SECTION_STATE_KEY] = state
        marker = configfile_section_marker(section=state.section, subsection=state.subsection)
        marker.source, marker.line = self.get_source_info()
        return [marker]
