"""HTML for evidence: a margin column of rule ids beside the lines, and the verdict line.

The margin is a second ``<pre>`` beside the listing's, one line per listing
line (gap notes included), so the marks sit on their lines whatever the
font, and copying the listing never picks them up: they are outside its
``<pre>`` and not selectable (``configfile.css``). Each mark links to the
rule's documentation with the rule's summary as its title.
"""

from __future__ import annotations

from html import escape

from sphinx.writers.html5 import HTML5Translator

from sphinx_configfile.evidence import ConfigEvidence, evidence_of, resolve_label
from sphinx_configfile.nodes import configfile_listing, listing_runs


def _href(self: HTML5Translator, label: str | None) -> str | None:
    found = resolve_label(self.builder.env, label)
    if found is None:
        return None
    docname, anchor = found
    return self.builder.get_relative_uri(self.builder.current_docname, docname) + "#" + anchor


def _link(self: HTML5Translator, text: str, label: str | None, title: str, css: str) -> str:
    href = _href(self, label)
    attrs = f'class="{css}" title="{escape(title)}"'
    if href is None:
        return f"<span {attrs}>{escape(text)}</span>"
    return f'<a {attrs} href="{escape(href)}">{escape(text)}</a>'


def margin_html(self: HTML5Translator, node: configfile_listing) -> str:
    """The margin column, or "" when the listing has no marks to show."""
    evidence = evidence_of(node)
    marks = node.get("marks") or ()
    if evidence is None or not any(marks):
        return ""
    rows: list[str] = []
    marks_in_order = iter(marks)  # one entry per quoted line, in quote order
    for run in listing_runs(node):
        if run.gap is not None:
            rows.append("")  # beside the gap label
        rows.extend(_marks_row(self, evidence, next(marks_in_order)) for _ in run.lines)
    body = "".join(f'<span class="configfile-marks">{row}</span>\n' for row in rows)
    return f'<div class="highlight configfile-margin"><pre>{body}</pre></div>'


def _marks_row(self: HTML5Translator, evidence: ConfigEvidence, rules: tuple[str, ...]) -> str:
    return " ".join(
        _link(self, rule, evidence.target_of(rule), evidence.summary_of(rule), "configfile-mark")
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
