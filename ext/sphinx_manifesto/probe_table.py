"""Sphinx extension: ``.. manifesto-probe-results:: _data/probe-results.json`` renders a table.

The JSON file is the committed, normalised output of ``make probe`` (live
probes of the reference configs), so building the guide never needs a
running server. The directive is thin: it resolves the path, records the
dependency, and hands the data to ``probe_table_rows``; a file that is
missing or malformed becomes a located warning, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx_configfile.evidence.marks import resolve_label

from sphinx_manifesto.probe_results import ProbeResultsError, read_probe_results

HEADERS = (
    "Server",
    "Connection",
    "STARTTLS required",
    "TLS versions accepted",
    "Forward secrecy only",
    "Server cipher order (TLS 1.2)",
    "Ephemeral key exchange",
)
COLUMN_WIDTHS = (14, 13, 10, 17, 12, 14, 16)
ROLE_NAMES = {"c2s": "client (c2s)", "s2s": "server (s2s)"}
# The table's label: "live-verified" in listings' verdict lines links here.
TABLE_LABEL = "manifesto-probe-results"


def _yes_no(value: object) -> str:
    if value is True or value is False:
        return "yes" if value else "no"
    return "not tested"


def _key_exchange(summary: dict[str, Any]) -> str:
    parts = []
    if summary.get("smallest_dh_bits"):
        parts.append(f"DH {summary['smallest_dh_bits']} bits")
    if summary.get("ecdh_curves"):
        parts.append("ECDH " + ", ".join(summary["ecdh_curves"]))
    return "; ".join(parts) or "none seen"


def _versions(summary: dict[str, Any]) -> str:
    text = ", ".join(summary["accepted_versions"]) or "none"
    if summary.get("untested_versions"):
        text += f" (not tested: {', '.join(summary['untested_versions'])})"
    return text


def probe_table_rows(data: dict[str, Any]) -> list[tuple[str, ...]]:
    """One row per server and connection type, in a stable order."""
    rows: list[tuple[str, ...]] = []
    try:
        for name, entry in sorted(data["servers"].items(), key=lambda item: item[0].lower()):
            for role, result in sorted(entry["endpoints"].items()):
                summary = result["summary"]
                rows.append(
                    (
                        name.replace("/", " "),
                        ROLE_NAMES.get(role, role),
                        _yes_no(summary["starttls_required"] and not summary["can_skip_tls"]),
                        _versions(summary),
                        _yes_no(not summary["non_forward_secret_suites"]),
                        _yes_no(summary["server_order_enforced"]),
                        _key_exchange(summary),
                    )
                )
    except (KeyError, TypeError, AttributeError) as error:
        raise ProbeResultsError(f"missing or malformed field {error}") from None
    return rows


def _required(summary: dict[str, Any]) -> str:
    if summary["starttls_required"] and not summary["can_skip_tls"]:
        return "STARTTLS required"
    return "TLS can be skipped"


def _forward_secrecy(summary: dict[str, Any]) -> str:
    non_fs = summary["non_forward_secret_suites"]
    return "also " + ", ".join(non_fs) if non_fs else "forward-secret suites only"


def _order(summary: dict[str, Any]) -> str:
    enforced = summary["server_order_enforced"]
    return {True: "server order enforced", False: "client order wins"}.get(
        enforced, "order not tested"
    )


def _dh_group(summary: dict[str, Any]) -> str:
    bits = summary.get("smallest_dh_bits")
    return f"DHE group {bits} bits" if bits else "no DHE suite accepted"


def _curves(summary: dict[str, Any]) -> str:
    curves = summary.get("ecdh_curves")
    return "ECDHE curves " + ", ".join(curves) if curves else "no ECDHE suite accepted"


def _certificate(summary: dict[str, Any]) -> str:
    return "certificate presented" if summary.get("certificate_self_signed") else "none seen"


def _accepted(summary: dict[str, Any]) -> str:
    return "accepts " + _versions(summary)


# Rule -> (the one connection type it is about, or None for all; what the probe saw).
# MF008 (the web admin) is not probed.
_OBSERVED: dict[str, tuple[str | None, Callable[[dict[str, Any]], str]]] = {
    "MF001": ("c2s", _required),
    "MF002": ("s2s", _required),
    "MF003": (None, _forward_secrecy),
    "MF004": (None, _accepted),
    "MF005": (None, _order),
    "MF006": (None, _dh_group),
    "MF007": (None, _curves),
    "MF009": (None, _certificate),
}


def observed_per_rule(entry: dict[str, Any]) -> dict[str, str]:
    """Rule id -> what the live probe of one server saw, e.g. ``c2s: STARTTLS required``.

    A fact the same on every probed connection is given once; otherwise per
    connection. Rules the probe does not test are absent.
    """
    observed: dict[str, str] = {}
    endpoints = entry["endpoints"]
    try:
        for rule, (only_role, describe) in _OBSERVED.items():
            roles = [only_role] if only_role else sorted(endpoints)
            seen = {
                role: describe(endpoints[role]["summary"]) for role in roles if role in endpoints
            }
            if not seen:
                continue
            texts = set(seen.values())
            if len(texts) == 1 and only_role is None:
                observed[rule] = texts.pop()
            else:
                observed[rule] = "; ".join(f"{role}: {text}" for role, text in seen.items())
    except (KeyError, TypeError, AttributeError) as error:
        raise ProbeResultsError(f"missing or malformed field {error}") from None
    return observed


def table_node(rows: list[tuple[str, ...]]) -> nodes.table:
    table = nodes.table(classes=["manifesto-probe-results"])
    group = nodes.tgroup(cols=len(HEADERS))
    table += group
    # Widths in characters for the text builder (columns of one character made
    # Sphinx before 9.0 loop forever); HTML and LaTeX read them as proportions.
    group.extend(nodes.colspec(colwidth=width) for width in COLUMN_WIDTHS)
    group += nodes.thead("", _row(HEADERS))
    group += nodes.tbody("", *(_row(r) for r in rows))
    return table


def _row(cells: tuple[str, ...]) -> nodes.row:
    row = nodes.row()
    for text in cells:
        row += nodes.entry("", nodes.paragraph(text=text))
    return row


class ProbeResultsDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        shown, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(absolute)
        try:
            rows = probe_table_rows({"servers": read_probe_results(absolute)})
        except OSError as error:
            return self._warn(
                f"{shown}: cannot read probe results ({error.strerror}; run make probe)"
            )
        except ProbeResultsError as error:
            return self._warn(f"{shown}: not a probe results file ({error}; run make probe)")
        if not rows:
            return self._warn(f"{shown}: holds no probe results (run make probe)")
        table = table_node(rows)
        if resolve_label(self.env, TABLE_LABEL) is None:
            table["names"].append(TABLE_LABEL)
            self.state.document.note_explicit_target(table, table)
        return [table]

    def _warn(self, message: str) -> list[nodes.Node]:
        return [self.state.document.reporter.warning(message, line=self.lineno)]


def setup_probe_table(app: Sphinx) -> None:
    app.add_directive("manifesto-probe-results", ProbeResultsDirective)
