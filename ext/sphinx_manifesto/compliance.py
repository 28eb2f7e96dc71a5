"""Sphinx extension: ``.. manifesto-compliance::``, every reference config against every rule.

One row per config and rule: the verdict (with the waiver's reason), the
lines the checker cites for a pass, each linked to the guide's listing that
shows it (or marked "not shown in the guide"), and what the committed live
probe saw. Which listing shows a line is known only once every page has been
read, so the directive leaves a placeholder that is filled in when its page
is resolved, and the page is written again whenever any other page changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode
from sphinx_configfile.evidence.marks import RuleVerdict, resolve_label
from sphinx_configfile.excerpt.paths import CONFIGS_ROOT
from sphinx_configfile.slots import Slot
from sphinx_configfile.state.quotes import QuoteRecord, sorted_records
from tls_manifesto.engine.check import config_files
from tls_manifesto.engine.waivers import find_waiver_file
from tls_manifesto.report.rst import rule_label

from sphinx_manifesto.evidence import (
    UnreadableConfig,
    file_stamp,
    judge,
    note_verdict_inputs,
    probe_results_path,
)
from sphinx_manifesto.probe_results import ProbeResultsError, entry_covers, read_probe_results
from sphinx_manifesto.probe_table import TABLE_LABEL, observed_per_rule

HEADERS = ("Config", "Rule", "Verdict", "Evidence lines", "Live result")
COLUMN_WIDTHS = (34, 6, 16, 24, 20)
STATUS_WORDS = {"pass": "pass", "fail": "fail", "not-applicable": "not applicable"}
NOT_SHOWN = "not shown in the guide"
# On the environment: the pages with a compliance table, and the configs the
# tables listed as of the last build (a new config outdates them).
PAGES_WITH_TABLE = Slot[set[str]]("manifesto_compliance_docs")
LISTED_CONFIGS = Slot[tuple[str, ...]]("manifesto_compliance_configs")


class compliance_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Where the table goes; replaced at ``doctree-resolved``."""


def configs_root(env: BuildEnvironment) -> Path:
    """The configs root, as sphinx_configfile resolved it at ``builder-inited`` (paths.py)."""
    return CONFIGS_ROOT.require(env)


def reference_configs(env: BuildEnvironment) -> list[Path]:
    """Every config under ``configfile_root`` the checker reads (known names)."""
    return [Path(path).resolve() for path in config_files([configs_root(env)])]


def _pages_with_table(env: BuildEnvironment) -> set[str]:
    return PAGES_WITH_TABLE.setdefault(env, set)


class ComplianceDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        _pages_with_table(self.env).add(self.env.docname)
        for config in reference_configs(self.env):
            self.env.note_dependency(str(config))
            waivers = find_waiver_file(config)
            policy = self.config.manifesto_policy
            try:
                judgement = judge(self.env, file_stamp(config), file_stamp(waivers), policy)
            except UnreadableConfig:
                judgement = None  # the table says why, in the config's row
            note_verdict_inputs(self.env, config, waivers, judgement)
        results = probe_results_path(self.env.srcdir, self.config)
        if results is not None and results.exists():
            self.env.note_dependency(str(results))
        placeholder = compliance_placeholder()
        placeholder.source, placeholder.line = self.get_source_info()
        return [placeholder]


# --- the table -------------------------------------------------------------------------


def _live_observations(app: Sphinx) -> dict[str, dict[str, str]]:
    """``config`` path of each probe entry -> rule -> what the probe saw."""
    path = probe_results_path(app.srcdir, app.config)
    if path is None:
        return {}
    try:
        servers = read_probe_results(path)
        return {entry["config"]: observed_per_rule(entry) for entry in servers.values()}
    except (OSError, ProbeResultsError):
        return {}  # the probe table warns about a broken file at its own directive


def _live_for(config: Path, observations: dict[str, dict[str, str]]) -> dict[str, str] | None:
    for entry, observed in observations.items():
        if entry_covers(config, entry):
            return observed
    return None


def _showing(records: Sequence[QuoteRecord], line: int) -> QuoteRecord | None:
    """The first quote, in page order, that shows ``line``."""
    for record in records:
        if any(r.start <= line <= r.end for r in record.ranges):
            return record
    return None


def _runs(lines: Iterable[int], records: Sequence[QuoteRecord]) -> list[tuple[int, int, Any]]:
    """Consecutive evidence lines shown by the same quote, folded: (first, last, quote)."""
    runs: list[tuple[int, int, Any]] = []
    for line in sorted(set(lines)):
        record = _showing(records, line)
        if runs and runs[-1][1] == line - 1 and runs[-1][2] is record:
            runs[-1] = (runs[-1][0], line, record)
        else:
            runs.append((line, line, record))
    return runs


def _text(text: str) -> nodes.paragraph:
    return nodes.paragraph(text=text)


class TableMaker:
    """Builds the table for one page, resolving links with the current builder."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app, self.docname = app, docname
        self.env = app.env
        self.records = sorted_records(app.env)
        self.observations = _live_observations(app)

    def _link(self, text: str, label: str | None) -> nodes.Node:
        found = resolve_label(self.env, label)
        if found is None:
            return nodes.Text(text)
        return make_refnode(self.app.builder, self.docname, found[0], found[1], nodes.Text(text))

    def _quote_link(self, text: str, record: QuoteRecord) -> nodes.Node:
        if record.name:
            found = resolve_label(self.env, nodes.fully_normalize_name(record.name))
            if found is not None:
                return make_refnode(
                    self.app.builder, self.docname, found[0], found[1], nodes.Text(text)
                )
        return make_refnode(self.app.builder, self.docname, record.docname, "", nodes.Text(text))

    def evidence_cell(
        self, config: Path, verdict: RuleVerdict, in_includes: Sequence[tuple[Path, RuleVerdict]]
    ) -> nodes.paragraph:
        """The cited lines of the config, then those of each include (``master.cf: 14, 23``)."""
        paragraph = nodes.paragraph()
        for index, (shown, cited) in enumerate([(config, verdict), *in_includes]):
            if not cited.evidence:
                continue
            if len(paragraph):
                paragraph += nodes.Text("; ")
            if index:
                paragraph += nodes.Text(f"{shown.name}: ")
            self._cited_lines(paragraph, shown, cited.evidence)
        if not len(paragraph):
            # A pass on a server default or library fact cites no line: say what it
            # rests on (the source it names is in `manifesto check` and the rule's page).
            rests_on = verdict.detail.split(" (source:")[0]
            paragraph += nodes.Text(rests_on if verdict.status == "pass" else "\u2014")
        return paragraph

    def _cited_lines(self, paragraph: nodes.paragraph, shown: Path, lines: Sequence[int]) -> None:
        records = [r for r in self.records if Path(r.config_path).resolve() == shown]
        for index, (first, last, record) in enumerate(_runs(lines, records)):
            if index:
                paragraph += nodes.Text(", ")
            text = str(first) if first == last else f"{first}\u2013{last}"
            if record is None:
                paragraph += nodes.Text(f"{text} ({NOT_SHOWN})")
            else:
                paragraph += self._quote_link(text, record)

    def verdict_cell(self, verdict: RuleVerdict) -> nodes.paragraph:
        if verdict.status == "waived":
            return _text(verdict.title)  # "waived: <reason>"
        return _text(STATUS_WORDS.get(verdict.status, verdict.status))

    def live_cell(self, live: dict[str, str] | None, rule: str) -> nodes.paragraph:
        if live is None:
            return _text("not probed")
        paragraph = nodes.paragraph()
        paragraph += self._link(live.get(rule, "not probed"), TABLE_LABEL)
        return paragraph

    def rows_for(self, config: Path) -> list[nodes.row]:
        label = self._config_label(config)
        waivers = file_stamp(find_waiver_file(config))
        policy = self.app.config.manifesto_policy
        try:
            judgement = judge(self.env, file_stamp(config), waivers, policy)
            # The same verdicts with the lines each include holds (a master.cf's -o lines).
            includes = [Path(stamp[0]) for stamp in judgement.includes if stamp]
            in_includes = [
                (path, judge(self.env, file_stamp(config), waivers, policy, path).verdicts)
                for path in includes
            ]
        except UnreadableConfig as error:
            return [_row([label, _text(str(error)), _text(""), _text(""), _text("")])]
        live = _live_for(config, self.observations)
        rows = []
        for index, verdict in enumerate(judgement.verdicts):
            rule = nodes.paragraph()
            rule += self._link(verdict.rule, rule_label(verdict.rule))
            cells = [
                rule,
                self.verdict_cell(verdict),
                self.evidence_cell(
                    config, verdict, [(path, verdicts[index]) for path, verdicts in in_includes]
                ),
                self.live_cell(live, verdict.rule),
            ]
            rows.append(_row(cells))
        # The config heads its first row; the rows below leave the cell empty.
        # A cell spanning the rows (morerows) reads better in HTML, but the man
        # and texinfo writers refuse it ("table row spanning not supported").
        for index, row in enumerate(rows):
            cell = [_text(judgement.server), label] if index == 0 else []
            row.insert(0, nodes.entry("", *cell))
        return rows

    def _config_label(self, config: Path) -> nodes.paragraph:
        root = configs_root(self.env)
        literal = nodes.literal(text=config.relative_to(root).as_posix())
        return nodes.paragraph("", "", literal)

    def table(self, configs: Sequence[Path]) -> nodes.table:
        table = nodes.table(classes=["manifesto-compliance"])
        group = nodes.tgroup(cols=len(HEADERS))
        table += group
        # Widths in characters: the text builder lays columns out that wide
        # (and Sphinx before 9.0 loops forever wrapping a word in a column of
        # one character); HTML and LaTeX read them as proportions.
        for width in COLUMN_WIDTHS:
            group += nodes.colspec(colwidth=width)
        group += nodes.thead("", _row([_text(h) for h in HEADERS]))
        body = nodes.tbody()
        for config in configs:
            body.extend(self.rows_for(config))
        group += body
        return table


def _row(cells: Sequence[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        row += cell if isinstance(cell, nodes.entry) else nodes.entry("", cell)
    return row


# --- events ----------------------------------------------------------------------------


def fill_tables(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: every page has been read; build the table."""
    placeholders = list(doctree.findall(compliance_placeholder))
    if not placeholders:
        return
    configs = reference_configs(app.env)
    for placeholder in placeholders:
        placeholder.replace_self(TableMaker(app, docname).table(configs))


def rewrite_with_any_change(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: a quote added or moved anywhere changes the table's links,
    and a config added under the root is a new row (no page depends on a file not there yet).
    """
    if not _pages_with_table(env):
        return []
    listed = LISTED_CONFIGS.get(env)
    if not (added or changed or removed) and listed == _config_names(env):
        return []
    return sorted(_pages_with_table(env) - added - changed - removed)


def _config_names(env: BuildEnvironment) -> tuple[str, ...]:
    return tuple(str(config) for config in reference_configs(env))


def remember_listed_configs(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: the configs the tables list as of this build, for the next one."""
    if _pages_with_table(env):
        LISTED_CONFIGS.set(env, _config_names(env))


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _pages_with_table(env).discard(docname)


def merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    _pages_with_table(env).update(_pages_with_table(other) & docnames)


def setup_compliance(app: Sphinx) -> None:
    app.add_node(compliance_placeholder)
    app.add_directive("manifesto-compliance", ComplianceDirective)
    app.connect("doctree-resolved", fill_tables)
    app.connect("env-get-outdated", rewrite_with_any_change)
    app.connect("env-updated", remember_listed_configs)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
