"""Read evidence marks and verdict lines back from built HTML, and what the checker says.

The expected side always comes from the ``manifesto`` command line, run as a
subprocess on the same configs, never from the extension's own code.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from docutils.core import publish_doctree
from guide_build import CONFIGS_ROOT, PROJECT_ROOT
from support.listing_html import (  # noqa: F401  (re-exported to the guide tests)
    _TAG,
    Mark,
    MarkedListing,
    listing_chunks,
    marked_listings,
)

# --- what the checker says ------------------------------------------------------------


def manifesto_json(*args: str) -> object:
    """``manifesto ARGS --format json`` run as a subprocess from the project root."""
    result = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", *args, "--format", "json"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


@dataclass(frozen=True)
class CheckerView:
    """``manifesto check --format json`` over the configs: per config path."""

    # Config relpath under the configs root -> "ejabberd 23.01"; a file another config
    # includes (a master.cf) maps to that config's server and verdicts.
    servers: dict[str, str]
    verdicts: dict[str, list[dict]]  # config relpath -> verdicts in rule order
    configs: tuple[str, ...]  # the configs judged, not the files they include

    def cited(self, relpath: str) -> dict[int, set[str]]:
        """Line of the file ``relpath`` -> ids of the rules whose pass cites it."""
        lines: dict[int, set[str]] = {}
        for verdict in self.verdicts[relpath]:
            if verdict["status"] == "pass":
                for evidence in verdict["evidence"]:
                    if _relpath(evidence["path"]) == relpath:
                        lines.setdefault(evidence["line"], set()).add(verdict["rule"])
        return lines


def checker_view() -> CheckerView:
    report = manifesto_json("check", "--policy", "require-fs", str(CONFIGS_ROOT))
    assert isinstance(report, dict)
    servers = {_relpath(c["path"]): c["server"] for c in report["configs"]}
    verdicts: dict[str, list[dict]] = {}
    for verdict in report["verdicts"]:
        verdicts.setdefault(_relpath(verdict["path"]), []).append(verdict)
    configs = tuple(servers)
    for config in report["configs"]:
        for source in config["sources"][1:]:
            servers[_relpath(source)] = servers[_relpath(config["path"])]
            verdicts[_relpath(source)] = verdicts[_relpath(config["path"])]
    return CheckerView(servers, verdicts, configs)


def _relpath(path: str) -> str:
    return Path(path).resolve().relative_to(CONFIGS_ROOT.resolve()).as_posix()


def rule_summaries() -> dict[str, str]:
    rules = manifesto_json("rules")
    assert isinstance(rules, list)
    return {rule["id"]: rule["summary"] for rule in rules}


def reason_as_read(reason: str) -> str:
    """A waiver reason with its inline reST rendered, as docutils itself reads it."""
    return publish_doctree(reason, settings_overrides={"report_level": 5}).astext()


# --- the compliance table -----------------------------------------------------------------

_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td([^>]*)>(.*?)</td>", re.S)
_HREF = re.compile(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.S)


@dataclass(frozen=True)
class ComplianceRow:
    config: str  # path under the configs root
    server: str
    rule: str
    verdict: str
    evidence: str
    evidence_links: tuple[tuple[str, str], ...]  # (href, text)
    live: str


def _cell_text(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def compliance_rows(page: str) -> list[ComplianceRow]:
    """The rows of the compliance table; a config's cell is filled in its first row only."""
    table = page[page.index('<table class="manifesto-compliance') :]
    table = table[: table.index("</table>")]
    body = table[table.index("<tbody>") :]
    rows: list[ComplianceRow] = []
    server = config = ""
    for row in _ROW.findall(body):
        cells = _CELL.findall(row)
        assert len(cells) == 5, row  # no cell spans rows: man and texinfo cannot
        first = cells.pop(0)[1]
        if _cell_text(first):
            literal = re.search(r'<span class="pre">([^<]*)</span>', first)
            config = html.unescape(literal.group(1)) if literal else ""
            server = _cell_text(first).removesuffix(config).strip()
        rule, verdict, evidence, live = (markup for _, markup in cells)
        rows.append(
            ComplianceRow(
                config=config,
                server=server,
                rule=_cell_text(rule),
                verdict=_cell_text(verdict),
                evidence=_cell_text(evidence),
                evidence_links=tuple(
                    (html.unescape(h), _cell_text(t)) for h, t in _HREF.findall(evidence)
                ),
                live=_cell_text(live),
            )
        )
    return rows
