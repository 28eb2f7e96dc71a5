"""LaTeX for evidence: rule ids in the right margin of their lines, and the verdict line.

A mark must survive Sphinx's forced line wrapping, which walks each line
token by token and would split a macro from its argument. So each distinct
set of ids gets an argument-free macro, defined before the listing
(``\\sphinxcfmarkA``...), and a line carries just that one token. The macro
puts a zero-width box at the start of the line whose text starts right of
the listing's frame, so the listing's layout does not change.
"""

from __future__ import annotations

from sphinx.writers.latex import LaTeXTranslator

from sphinx_configfile.evidence.marks import (
    evidence_of,
    parsed_reasons,
    resolve_label,
    verdict_parts,
)
from sphinx_configfile.excerpt.nodes import configfile_listing, render_children

# \linewidth inside the Verbatim is the text width; the frame adds its padding
# (3pt) and border (0.4pt) by default (Sphinx's pre_padding and pre_border
# keys): 8pt puts the mark just right of the frame.
MARK_MACRO = (
    r"\providecommand{\sphinxConfigfileMark}[1]{\makebox[0pt][l]{"
    r"\hspace*{\dimexpr\linewidth+8pt\relax}"
    r"\textnormal{\sffamily\scriptsize #1}}}"
)


def _macro_name(index: int) -> str:
    # TeX control words are letters only: 0 -> A, 25 -> Z, 26 -> BA, ...
    letters = ""
    while True:
        letters = chr(ord("A") + index % 26) + letters
        index //= 26
        if index == 0:
            return r"\sphinxcfmark" + letters


def mark_macros(node: configfile_listing) -> tuple[str, dict[tuple[str, ...], str]]:
    """(definitions to put before the listing, macro per set of ids)."""
    marks = node.get("marks") or ()
    if evidence_of(node) is None or not any(marks):
        return "", {}
    names: dict[tuple[str, ...], str] = {}
    for ids in marks:
        if ids and ids not in names:
            names[ids] = _macro_name(len(names))
    definitions = [MARK_MACRO]
    definitions += [
        rf"\def{name}{{\sphinxConfigfileMark{{{' '.join(ids)}}}}}" for ids, name in names.items()
    ]
    return "\n".join(definitions), names


def _link(self: LaTeXTranslator, text: str, label: str | None) -> str:
    found = resolve_label(self.builder.env, label)
    shown = r"\sphinxcode{\sphinxupquote{" + self.encode(text) + "}}"
    if found is None:
        return shown
    return r"\hyperref[" + self.idescape(f"{found[0]}:{found[1]}") + "]{" + shown + "}"


def verdict_latex(self: LaTeXTranslator, node: configfile_listing) -> str:
    """The verdict line as a small paragraph right under the listing ("" without evidence).

    A PDF has no hover, so a waived rule's reason is printed after it. Reasons
    are inline reST, rendered by the LaTeX writer itself, which escapes every
    TeX special in their text.
    """
    evidence = evidence_of(node)
    if evidence is None:
        return ""
    reasons = parsed_reasons(node)
    parts = [self.encode(evidence.server)]
    for part in verdict_parts(evidence):
        ids = " ".join(_link(self, v.rule, v.target) for v in part.verdicts)
        reason = ""
        if part.reason:
            parsed = reasons.get(part.reason)
            shown = render_children(self, parsed) if parsed else self.encode(part.reason)
            reason = f" ({shown})"
        parts.append(f"{ids} {self.encode(part.label)}{reason}")
    if evidence.live_verified:
        found = resolve_label(self.builder.env, evidence.live_target)
        text = "live-verified"
        if found is not None:
            text = r"\hyperref[" + self.idescape(f"{found[0]}:{found[1]}") + "]{" + text + "}"
        parts.append(text)
    separator = r" \textperiodcentered{} "
    # A line that runs over (reasons are sentences) is set ragged right without
    # hyphenation: a small note under a listing, read (and copied) word by word.
    style = r"\footnotesize\noindent\raggedright\hyphenpenalty=10000\exhyphenpenalty=10000 "
    return "\n" + r"\nopagebreak{" + style + separator.join(parts) + r"\par}" + "\n"
