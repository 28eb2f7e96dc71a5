"""The rules as reStructuredText, for a guide appendix page (``manifesto rules --format rst``)."""

from __future__ import annotations

from tls_manifesto.rules import Rule


def _heading(text: str, underline: str) -> str:
    return f"{text}\n{underline * len(text)}"


def rule_label(rule_id: str) -> str:
    """The reST label of a rule's section: marks and verdict lines link to it."""
    return f"manifesto-rule-{rule_id.lower()}"


def _rule_section(rule: Rule) -> str:
    applies = "\n".join(f"- {a}" for a in rule.applies_to)
    sources = "\n".join(f"- `{s.title} <{s.url}>`__" for s in rule.sources)
    return "\n\n".join(
        [
            f".. _{rule_label(rule.id)}:",
            _heading(f"{rule.id}: {rule.summary}", "-"),
            f":Severity: {rule.severity.value}\n:Judges: {rule.judges}",
            f"Applies to:\n\n{applies}",
            rule.documentation,
            f"Sources:\n\n{sources}",
        ]
    )


INTRO = (
    "Each rule reads the server-neutral model of a reference config and gives a "
    "verdict: pass (citing the lines that prove it), fail (pointing at the offending "
    "line), not-applicable, or waived (with the reason from ``manifesto.toml``)."
)


def render_rule_sections(rules: tuple[Rule, ...]) -> str:
    """One section per rule, for a page that supplies its own title."""
    return "\n\n".join(_rule_section(r) for r in rules) + "\n"


def render_rules(rules: tuple[Rule, ...]) -> str:
    return "\n\n".join([_heading("Manifesto rules", "="), INTRO, render_rule_sections(rules)])
