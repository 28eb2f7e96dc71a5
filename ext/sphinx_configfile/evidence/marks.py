"""What a judge of configs says about a quoted config: evidence marks and a verdict line.

Quoting does not judge. After a page is read (``doctree-read``) this module
asks, once per listing, ``app.emit_firstresult("configfile-evidence", path)``.
Whoever judges configs (the guide loads ``sphinx_manifesto``)
answers with a :class:`ConfigEvidence`, or ``None`` for a config it does not
know; without a listener nothing is asked of anyone. The answer travels in
the doctree as plain data, so writers need no judge either:

- each quoted line that a passing rule cites gets that rule's id as a mark;
- the listing gets a verdict line: the server, the rules by status, and
  whether committed live results cover the config.

``configfile_evidence = False`` in conf.py turns both off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains.std import StandardDomain
from sphinx.environment import BuildEnvironment

from sphinx_configfile.excerpt.nodes import configfile_listing
from sphinx_configfile.legacy.inline_rst import parse_inline
from sphinx_configfile.listening import anyone_listens

EVIDENCE_EVENT = "configfile-evidence"

# Order and wording of the status groups in a verdict line.
STATUS_LABELS = (
    ("pass", "pass"),
    ("fail", "fail"),
    ("warn", "warn"),
    ("waived", "waived"),
    ("not-applicable", "not applicable"),
)


@dataclass(frozen=True)
class RuleVerdict:
    """One rule's outcome for one config.

    ``title`` is what a reader sees on hover: the rule's summary, or for a
    waived rule the written reason. ``target`` is the label of the rule's
    documentation (``None``: no link). ``evidence`` lists the lines a pass
    cites (empty for other statuses). ``reason`` is a waived rule's written
    reason alone, for outputs without hover (the PDF, plain text).
    """

    rule: str
    status: str  # "pass", "fail", "warn", "waived", "not-applicable"
    title: str
    target: str | None
    evidence: tuple[int, ...] = ()
    detail: str = ""  # the judge's own words on this verdict (what a pass without lines rests on)
    reason: str = ""  # why a waived rule is waived, as the waiver says; "" otherwise


@dataclass(frozen=True)
class ConfigEvidence:
    """A judge's answer for one config file."""

    server: str  # "ejabberd 23.01"
    verdicts: tuple[RuleVerdict, ...]
    summaries: tuple[tuple[str, str], ...]  # (rule id, summary): titles of the marks
    live_verified: bool = False
    live_target: str | None = None  # label of the live results table

    def summary_of(self, rule: str) -> str:
        return dict(self.summaries).get(rule, rule)

    def target_of(self, rule: str) -> str | None:
        return next((v.target for v in self.verdicts if v.rule == rule), None)

    def marks_for(self, numbers: list[int]) -> tuple[tuple[str, ...], ...]:
        """For each quoted line number, the ids of the rules whose pass cites it."""
        cited: dict[int, list[str]] = {}
        for verdict in self.verdicts:
            if verdict.status == "pass":
                for line in verdict.evidence:
                    cited.setdefault(line, []).append(verdict.rule)
        return tuple(tuple(cited.get(number, ())) for number in numbers)

    def groups(self) -> list[tuple[str, list[RuleVerdict]]]:
        """The verdicts grouped by status, in the order a verdict line shows them."""
        out = []
        for status, label in STATUS_LABELS:
            members = [v for v in self.verdicts if v.status == status]
            if members:
                out.append((label, members))
        return out


@dataclass(frozen=True)
class VerdictPart:
    """One part of a verdict line: rules, their status's words, and a waiver's reason."""

    verdicts: tuple[RuleVerdict, ...]
    label: str
    reason: str = ""


def verdict_parts(evidence: ConfigEvidence) -> list[VerdictPart]:
    """The parts of a verdict line for outputs that cannot show a reason on hover.

    Waived rules are split by reason, in order, so that each reason stands
    right after the rules it excuses: ``MF003 MF004 waived (reason)``.
    """
    parts: list[VerdictPart] = []
    for label, members in evidence.groups():
        if members[0].status != "waived":
            parts.append(VerdictPart(tuple(members), label))
            continue
        reasons = dict.fromkeys(v.reason for v in members)
        parts += [
            VerdictPart(tuple(v for v in members if v.reason == reason), label, reason)
            for reason in reasons
        ]
    return parts


def verdict_text(evidence: ConfigEvidence, reasons: Mapping[str, str] | None = None) -> str:
    """The verdict line as plain text (the text builder; HTML and LaTeX add links).

    ``reasons`` maps a waiver's reason to the text it reads as (its inline
    markup rendered); a reason not in it prints as written.
    """
    reasons = reasons or {}
    parts = [evidence.server]
    for part in verdict_parts(evidence):
        reason = f" ({reasons.get(part.reason, part.reason)})" if part.reason else ""
        parts.append(" ".join(v.rule for v in part.verdicts) + " " + part.label + reason)
    if evidence.live_verified:
        parts.append("live-verified")
    return " \u00b7 ".join(parts)


def evidence_of(node: configfile_listing) -> ConfigEvidence | None:
    return node.get("evidence")


def parsed_reasons(node: configfile_listing) -> dict[str, nodes.inline]:
    """Each waiver reason of the listing's verdicts, read as inline reST (see ``attach``)."""
    return node.get("reasons") or {}


def reason_texts(node: configfile_listing) -> dict[str, str]:
    """Each waiver reason as it reads once its markup is rendered (``ciphers``, not `ciphers`)."""
    return {reason: parsed.astext() for reason, parsed in parsed_reasons(node).items()}


def _parse_reasons(
    doctree: nodes.document, listing: configfile_listing, evidence: ConfigEvidence
) -> dict[str, nodes.inline]:
    # A reason is written like a caption, in inline reST (`ciphers`, ``dhfile``,
    # links); the HTML shows it as such, so the PDF and plain text render the
    # same nodes instead of the markup. A markup error is reported by docutils'
    # reporter as for any inline text of the page.
    parsed: dict[str, nodes.inline] = {}
    for verdict in evidence.verdicts:
        if verdict.reason and verdict.reason not in parsed:
            holder = nodes.inline()
            inline, _messages = parse_inline(doctree, verdict.reason, listing.line or 0, holder)
            holder.extend(inline)
            parsed[verdict.reason] = holder
    return parsed


def attach_evidence(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: ask the judge about each listing's config and keep the answer."""
    if not app.config.configfile_evidence or not anyone_listens(app.events, EVIDENCE_EVENT):
        return
    for listing in doctree.findall(configfile_listing):
        answer = app.emit_firstresult(EVIDENCE_EVENT, listing["config"], listing)
        if isinstance(answer, ConfigEvidence):
            listing["evidence"] = answer
            listing["marks"] = answer.marks_for(listing["numbers"])
            listing["reasons"] = _parse_reasons(doctree, listing, answer)


def resolve_label(env: BuildEnvironment, label: str | None) -> tuple[str, str] | None:
    """(docname, anchor id) of a label of the standard domain, or None when it is not defined.

    Marks and verdict lines link to the rules appendix and the live results
    table when the project has them; a project without them gets plain text,
    not a warning.
    """
    if not label:
        return None
    # get_domain is typed for any domain; "std" is always Sphinx's StandardDomain.
    std = cast(StandardDomain, env.get_domain("std"))
    found = std.anonlabels.get(label)
    return (found[0], found[1]) if found else None


def setup(app: Sphinx) -> None:
    app.add_config_value("configfile_evidence", True, "env", types=[bool])
    app.add_event(EVIDENCE_EVENT)
    app.connect("doctree-read", attach_evidence)
