"""HTML rendering of a listing: Pygments markup with each line's original number.

The whole config is highlighted once per build (per language) and cut into
per-line HTML; a quote only joins the lines it needs. Each line carries
``<span class="linenos">N</span>`` like Pygments' inline line numbers, so a
script can pair number and text, and gaps carry the class ``configfile-gap``.
The ``<pre>`` holds config text only (line numbers aside, which no one
copies): sphinx-copybutton copies its text, so gap notes and evidence marks
are generated content (``configfile.css``). The caption links the path to
the whole file (a copy placed by ``copies.py``).
"""

from __future__ import annotations

from contextlib import suppress
from functools import cache
from html import escape
from pathlib import Path

from docutils import nodes
from pygments.lexer import Lexer
from pygments.token import STANDARD_TYPES, _TokenType
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import _
from sphinx.writers.html5 import HTML5Translator

from sphinx_configfile.evidence.html import margin_html, verdict_html
from sphinx_configfile.excerpt.nodes import (
    caption_of,
    configfile_listing,
    listing_runs,
    render_children,
)
from sphinx_configfile.excerpt.reader import ConfigReadError, ConfigText
from sphinx_configfile.highlight.lexers import lexer_class_for, lexer_for
from sphinx_configfile.highlight.persistent_cache import remembered_lines
from sphinx_configfile.state.copies import copies_builder, copy_uri, publish_copy
from sphinx_configfile.state.freshness import STALE, config_when_written
from sphinx_configfile.state.memos import build_memo


@cache
def _css_class(token_type: _TokenType) -> str:
    # Same classes as Pygments' HtmlFormatter, so Sphinx's pygments.css applies:
    # the nearest standard ancestor's short name, then one class per sub-part
    # ("l l-Scalar l-Scalar-Plain" for Literal.Scalar.Plain).
    parts: list[str] = []
    while token_type not in STANDARD_TYPES:
        parts.append(token_type[-1])
        token_type = token_type.parent
    base = STANDARD_TYPES[token_type]
    classes = [base] if base else []
    for index in reversed(range(len(parts))):
        classes.append(base + "".join("-" + part for part in reversed(parts[index:])))
    return " ".join(classes)


# Names this module's markup in the persistent cache's key: raise the
# number whenever _highlighted_lines or _css_class changes its output.
HTML_OUTPUT = ("html", "1")


def _highlighted_lines(config: ConfigText, lexer: Lexer) -> tuple[str, ...]:
    lines: list[list[str]] = [[]]
    line = lines[-1]
    for token_type, value in lexer.get_tokens(config.text):
        css = _css_class(token_type)
        # Most tokens lie within one line: no split for them.
        pieces = value.split("\n") if "\n" in value else (value,)
        for index, piece in enumerate(pieces):
            if index:
                line = []
                lines.append(line)
            if piece:
                text = escape(piece, quote=False)
                line.append(f'<span class="{css}">{text}</span>' if css else text)
    return tuple("".join(parts) for parts in lines)


def line_html(
    env: BuildEnvironment, config_path: str, language: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(plain lines, highlighted HTML lines) of the config as it is now.

    Highlighted once per build, file version and language: the memo lives
    with the build, so a lexer registered by the next build's project is used.
    Across builds the highlighted lines come from the persistent cache
    beside the doctrees (``persistent_cache.py``), keyed by text and lexer.
    Empty when the file went away after the page was read: the listing then
    shows the quoted text unhighlighted instead of failing the build.
    """
    try:
        config = config_when_written(env, config_path)
    except ConfigReadError:
        return (), ()
    memo = build_memo(env, "highlighted-lines")
    key = (config.cache_key, language)
    if key not in memo:
        memo[key] = remembered_lines(
            getattr(env, "doctreedir", None),
            config,
            lexer_class_for(language),
            HTML_OUTPUT,
            lambda: _highlighted_lines(config, lexer_for(language)),
        )
    return config.lines, memo[key]


def _wrapper_open(node: configfile_listing) -> str:
    # The markup Sphinx gives a captioned code-block, so themes style both alike.
    ids = node["ids"]
    first = f' id="{ids[0]}"' if ids else ""
    extra = "".join(f'<span id="{extra_id}"></span>' for extra_id in ids[1:])
    return f'<div class="literal-block-wrapper docutils container"{first}>{extra}\n'


def _listing_pre(
    env: BuildEnvironment, node: configfile_listing, margin: str = "", margin_width: int = 0
) -> str:
    emphasized = set(node.get("emphasized", ()))
    language = node["language"]
    plain, highlighted = line_html(env, node["config"], language)
    width = len(str(max(node["numbers"], default=0)))
    body: list[str] = []
    for run in listing_runs(node):
        if run.gap is not None:
            # The note is CSS generated content (configfile.css), so it is in
            # no copy: not in a hand selection, not in the pre's text that
            # sphinx-copybutton copies. It brings its own line break.
            body.append(f'<span class="configfile-gap" data-note="{escape(run.gap)}"></span>')
        for number, text in run.lines:
            # The file may have changed since the page was read; then show the
            # text that was quoted, unhighlighted, rather than another line.
            fresh = number <= len(plain) and plain[number - 1] == text
            html_text = highlighted[number - 1] if fresh else escape(text, quote=False)
            row = f'<span class="linenos">{number:>{width}}</span>{html_text}\n'
            if number in emphasized:
                # As Pygments marks a highlighted line: number, text and newline
                # in one hll, which themes display as a block; wrapping the text
                # alone put the number and the text on two rows.
                row = f'<span class="hll">{row}</span>'
            body.append(row)
    marked = ["configfile-marked"] if margin else []
    classes = " ".join(
        ["configfile", f"highlight-{language}", "notranslate", *marked, *node["classes"]]
    )
    # The margin's width in characters of the code's font (configfile.css).
    style = f' style="--configfile-margin: {margin_width}ch"' if margin else ""
    return (
        f'<div class="{classes}"{style}><div class="highlight"><pre>{margin}<span></span>'
        + "".join(body)
        + "</pre></div></div>\n"
    )


def visit_listing(self: HTML5Translator, node: configfile_listing) -> None:
    self.body.append(_wrapper_open(node))
    self.body.append('<div class="code-block-caption">')
    self.add_fignumber(node)
    self.body.append(f'<span class="caption-text">{_caption_html(self, node)}</span>')
    self.add_permalink_ref(node, _("Link to this code"))
    self.body.append("</div>\n")
    self.body.append(_listing_pre(self.builder.env, node, *margin_html(self, node)))
    self.body.append(verdict_html(self, node))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def depart_listing(self: HTML5Translator, node: configfile_listing) -> None:
    pass


def _copy_uri(self: HTML5Translator, node: configfile_listing) -> str | None:
    # EPUB readers would not open a .yml, and the EPUB builder warns about it.
    if self.builder.name.startswith("epub") or node.get(STALE):
        return None
    try:
        publish_copy(self.builder.env, Path(self.builder.outdir), node["relpath"], node["config"])
    except (ConfigReadError, OSError):
        return None  # gone since the page was read: no link rather than a dead one
    return copy_uri(self.builder.get_target_uri(self.builder.current_docname), node["relpath"])


def _caption_html(self: HTML5Translator, node: configfile_listing) -> str:
    """Title, then the path linked to the whole config (base URL or a copy)."""
    relpath = escape(node["relpath"], quote=False)
    code = f'<code class="docutils literal notranslate"><span class="pre">{relpath}</span></code>'
    uri = node.get("config_url") or _copy_uri(self, node)
    if uri:
        code = f'<a class="reference external configfile-source" href="{escape(uri)}">{code}</a>'
    title = _title_html(self, node)
    return f"{title} ({code})" if title else code


def _title_html(self: HTML5Translator, node: configfile_listing) -> str:
    """The caption title: its inline reST rendered by this translator, else plain text."""
    caption = caption_of(node)
    if caption is None:
        return escape(node.get("title") or "", quote=False)
    return render_children(self, caption)


def warm_caches(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: highlight and copy in the main process.

    With ``-j N`` Sphinx resolves each page in the main process and then
    forks a writer per chunk of pages; what is cached here is inherited, so
    no writer highlights a config again. In a serial build this is the same
    work, just done a moment earlier.
    """
    builder = app.builder
    if builder.format != "html":
        return
    for listing in doctree.findall(configfile_listing):
        line_html(app.env, listing["config"], listing["language"])
        if not listing.get("config_url") and copies_builder(app):
            if listing.get(STALE):
                continue  # the caption links to no copy (freshness.py)
            # If it fails the writer shows the text without a link.
            with suppress(ConfigReadError, OSError):
                publish_copy(app.env, Path(builder.outdir), listing["relpath"], listing["config"])
