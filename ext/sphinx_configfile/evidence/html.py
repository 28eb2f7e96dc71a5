"""HTML for evidence: a margin column of rule ids beside the lines, and the verdict line.

The margin sits inside the listing's ``<pre>``, one row per listing line
(gap notes included), so its rows have the code's font and line height in
every theme; ``configfile.css`` takes it out of the flow into a column right
of the code. Its rows and ids are CSS generated content, so the margin holds
no text: a hand selection and sphinx-copybutton (which copies the ``<pre>``'s
text) never pick it up. Each mark links to the rule's documentation with the
rule's summary as its title.
"""

from __future__ import annotations

from html import escape

from sphinx.writers.html5 import HTML5Translator

from sphinx_configfile.evidence.marks import ConfigEvidence, evidence_of, resolve_label
from sphinx_configfile.excerpt.nodes import configfile_listing, listing_runs


def _href(self: HTML5Translator, label: str | None) -> str | None:
    found = resolve_label(self.builder.env, label)
    if found is None:
        return None
    docname, anchor = found
    return self.builder.get_relative_uri(self.builder.current_docname, docname) + "#" + anchor


def _link(
    self: HTML5Translator, text: str, label: str | None, title: str, css: str, extra: str = ""
) -> str:
    href = _href(self, label)
    attrs = f'class="{css}"{extra} title="{escape(title)}"'
    if href is None:
        return f"<span {attrs}>{escape(text)}</span>"
    return f'<a {attrs} href="{escape(href)}">{escape(text)}</a>'


def margin_html(self: HTML5Translator, node: configfile_listing) -> tuple[str, int]:
    """The margin column and its width in characters, or ("", 0) when no line has a mark."""
    evidence = evidence_of(node)
    marks = node.get("marks") or ()
    if evidence is None or not any(marks):
        return "", 0
    rows: list[tuple[str, ...]] = []
    marks_in_order = iter(marks)  # one entry per quoted line, in quote order
    for run in listing_runs(node):
        if run.gap is not None:
            rows.append(())  # beside the gap label
        rows.extend(next(marks_in_order) for _ in run.lines)
    body = "".join(
        f'<span class="configfile-marks">{_marks_row(self, evidence, row)}</span>' for row in rows
    )
    width = max(len(" ".join(row)) for row in rows)
    return f'<span class="configfile-margin">{body}</span>', width


def _marks_row(self: HTML5Translator, evidence: ConfigEvidence, rules: tuple[str, ...]) -> str:
    # The space between two ids is generated content too (configfile.css).
    return "".join(
        _link(
            self,
            "",
            evidence.target_of(rule),
            evidence.summary_of(rule),
            "configfile-mark",
            f' data-rule="{escape(rule)}"',
        )
        for rule in rules
    )


def verdict_html(self: HTML5Translator, node: configfile_listing) -> str:
    """``ejabberd 23.01 · MF001 MF002 pass · MF007 not applicable · live-verified``."""
    evidence = evidence_of(node)
    if evidence is None:
        return ""
    parts = [f'<span class="configfile-server">{escape(evidence.server)}</span>']
    for label, verdicts in evidence.groups():
        ids = " ".join(
            _link(self, v.rule, v.target, v.title, f"configfile-rule configfile-{v.status}")
            for v in verdicts
        )
        parts.append(f"{ids} {escape(label)}")
    if evidence.live_verified:
        title = "The committed live probe results cover this config"
        parts.append(_link(self, "live-verified", evidence.live_target, title, "configfile-live"))
    return '<p class="configfile-verdict">' + " \u00b7 ".join(parts) + "</p>\n"
