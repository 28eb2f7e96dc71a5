"""LaTeX rendering of a listing: one ``sphinxVerbatim`` per run of consecutive lines.

fancyvrb numbers lines from ``firstnumber``, so each run starts at its
original number and every printed number is the line's own. Between runs a
centred note says which lines were left out. Long lines (cipher strings have
no spaces) must still wrap: ``verbatimforcewraps`` (Sphinx >= 3.5, see
"LaTeX customization", sphinxsetup keys) breaks them anywhere and marks the
continuation, only inside our listings.
"""

from __future__ import annotations

from docutils import nodes
from pygments import highlight
from sphinx.builders.latex.nodes import footnotetext
from sphinx.util import texescape
from sphinx.writers.latex import LaTeXTranslator

from sphinx_configfile.evidence.latex import mark_macros, verdict_latex
from sphinx_configfile.evidence.marks import evidence_of, verdict_text
from sphinx_configfile.excerpt.nodes import (
    caption_of,
    configfile_listing,
    listing_runs,
    render_children,
)
from sphinx_configfile.excerpt.reader import ConfigReadError
from sphinx_configfile.highlight.lexers import lexer_class_for, lexer_for
from sphinx_configfile.highlight.persistent_cache import remembered_lines
from sphinx_configfile.state.freshness import config_when_written

CR = "\n"

# Keeping a listing on one page: how many printed lines a page holds at most
# for a listing we keep together (A4, 10pt: about 55 lines of verbatim), and
# how many characters fit on one verbatim line before it wraps.
KEEP_TOGETHER_MAX_LINES = 45
CHARACTERS_PER_LINE = 88
# Characters of the verdict line (footnotesize text) on one line of the text width.
VERDICT_CHARACTERS = 110


# Names latex_lines' output in the persistent cache's key: raise it when that output changes.
LATEX_OUTPUT_VERSION = "1"
# (file version, language, Pygments style, LaTeX engine) -> highlighted lines;
# style and engine both change the output.
_latex_cache: dict[tuple[tuple[str, int, int], str, str, str], tuple[str, ...]] = {}


def latex_lines(
    self: LaTeXTranslator, config_path: str, language: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(plain lines, highlighted LaTeX lines) of the config, highlighted once per process.

    Empty when the file went away after the page was read (then the quoted
    text is printed unhighlighted).
    """
    try:
        config = config_when_written(self.builder.env, config_path)
    except ConfigReadError:
        return (), ()
    engine = self.config.latex_engine
    key = (config.cache_key, language, str(self.config.pygments_style), engine)
    cached = _latex_cache.get(key)
    if cached is None:

        def highlight_now() -> tuple[str, ...]:
            formatter = self.highlighter.get_formatter()
            latex = highlight(config.text, lexer_for(language), formatter)
            latex = texescape.hlescape(latex, engine)
            # Pygments writes one output line per input line between the
            # Verbatim begin and end lines (its LaTeX formatter splits tokens at "\n").
            body = latex.split("\n")[1:]
            return tuple(body[: len(config.lines)])

        output = ("latex", LATEX_OUTPUT_VERSION, str(self.config.pygments_style), engine)
        doctreedir = getattr(self.builder.env, "doctreedir", None)
        cached = remembered_lines(
            doctreedir, config, lexer_class_for(language), output, highlight_now
        )
        _latex_cache[key] = cached
    return config.lines, cached


def _plain(text: str, engine: str) -> str:
    return texescape.hlescape(texescape.escape(text, engine), engine)


def _verbatim(environment: str, first: int, body: list[str], emphasized: list[int]) -> str:
    options = rf"commandchars=\\\{{\}},numbers=left,firstnumber={first},stepnumber=1"
    if emphasized:
        # sphinxVerbatim's hllines counts from 1 within this Verbatim, as Sphinx's
        # own emphasize-lines does; runs are consecutive, so line N is at N - first + 1.
        options += ",hllines={, " + ", ".join(str(n - first + 1) for n in emphasized) + ",}"
    return (
        rf"\begin{{{environment}}}[{options}]" + CR + CR.join(body) + CR + rf"\end{{{environment}}}"
    )


def visit_listing(self: LaTeXTranslator, node: configfile_listing) -> None:
    if not node["numbers"]:
        raise nodes.SkipNode  # an empty config: no Verbatim would consume the caption
    plain, highlighted = latex_lines(self, node["config"], node["language"])
    engine = self.config.latex_engine
    if not self.table and not self.in_footnote:
        self.body.append(_keep_together(node))
    # What Sphinx's visit_caption does for a captioned code-block: the first
    # sphinxVerbatim below prints the title (and resets it).
    self.body.append(CR + r"\sphinxSetupCaptionForVerbatim{" + _caption_latex(self, node) + "}")
    labels = self.hypertarget_to(node)
    if labels and not self.in_footnote:
        self.body.append(CR + r"\def\sphinxLiteralBlockLabel{" + labels + "}")
    for child in node.children:
        if isinstance(child, footnotetext):
            child.walkabout(self)  # the caption's footnotes (latex_footnotes.py)
    environment = "sphinxVerbatim"
    if self.in_footnote:
        # As Sphinx's visit_literal_block: smaller type, no frame title space.
        self.body.append(CR + r"\sphinxSetupCodeBlockInFootnote")
    elif self.table:
        self.table.has_problematic = True
        self.table.has_verbatim = True
        environment = "sphinxVerbatimintable"
    definitions, mark_of = mark_macros(node)
    parts = [CR + r"\begingroup\sphinxsetup{verbatimwrapslines=true,verbatimforcewraps=true}%"]
    if definitions:
        parts.append(definitions)
    marks = dict(zip(node["numbers"], node.get("marks") or (), strict=False))
    emphasized = set(node.get("emphasized", ()))
    for run in listing_runs(node):
        if run.gap is not None:
            # The label is ASCII apart from these two; pdflatex lacks a glyph for U+22EE.
            text = run.gap.replace("\u22ee", r"$\vdots$").replace("\u2013", "--")
            parts.append(r"\par{\centering\small\itshape " + text + r"\par}")
        body = []
        for number, text in run.lines:
            fresh = number <= len(plain) and plain[number - 1] == text
            line = highlighted[number - 1] if fresh else _plain(text, engine)
            body.append(mark_of.get(marks.get(number, ()), "") + line)
        in_run = [number for number, _ in run.lines if number in emphasized]
        parts.append(_verbatim(environment, run.lines[0][0], body, in_run))
    parts.append(r"\endgroup")
    self.body.append(CR.join(parts) + verdict_latex(self, node) + CR)
    raise nodes.SkipNode


def printed_lines(node: configfile_listing) -> int:
    """Lines the listing takes on paper: wrapped config lines, gap notes, caption, verdict."""
    runs = listing_runs(node)
    wrapped = sum(1 + len(text) // CHARACTERS_PER_LINE for run in runs for _, text in run.lines)
    evidence = evidence_of(node)
    verdict = 0 if evidence is None else 1 + len(verdict_text(evidence)) // VERDICT_CHARACTERS
    return wrapped + 2 * (len(runs) - 1) + 3 + verdict


def _keep_together(node: configfile_listing) -> str:
    """``\\needspace`` so a listing that fits on a page starts on a page that holds it.

    Sphinx's framed Verbatim breaks across pages anywhere, which leaves a
    short listing's first lines alone at the foot of a page; a longer one
    still breaks where it must.
    """
    lines = printed_lines(node)
    if lines > KEEP_TOGETHER_MAX_LINES:
        return ""
    return CR + rf"\needspace{{{lines}\baselineskip}}"


def depart_listing(self: LaTeXTranslator, node: configfile_listing) -> None:
    pass


def _caption_latex(self: LaTeXTranslator, node: configfile_listing) -> str:
    code = r"\sphinxcode{\sphinxupquote{" + self.encode(node["relpath"]) + "}}"
    if node.get("config_url"):
        code = r"\sphinxhref{" + self.encode_uri(node["config_url"]) + "}{" + code + "}"
    title = _title_latex(self, node)
    return f"{title} ({code})" if title else code


def _title_latex(self: LaTeXTranslator, node: configfile_listing) -> str:
    """The caption title: its inline reST rendered by this translator, else plain text."""
    caption = caption_of(node)
    if caption is None:
        return self.encode(node.get("title") or "")
    self.in_caption += 1  # as Sphinx's own captions: footnotes and links behave
    try:
        return render_children(self, caption)
    finally:
        self.in_caption -= 1
