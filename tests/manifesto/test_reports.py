"""The three renderers of one CheckRun, and the rules page: structure, schema, waivers shown."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import docutils.core
import docutils.utils
import jsonschema
import pytest
from tls_manifesto.cli.exit_codes import ExitCode
from tls_manifesto.engine.check import CheckRun, check_paths
from tls_manifesto.report import json_report, rst, sarif, text
from tls_manifesto.rules import ALL_RULES

PROJECT = Path(__file__).resolve().parents[2]
FIXTURES = PROJECT / "tests" / "fixtures" / "rules"
SARIF_SCHEMA = PROJECT / "tests" / "schemas" / "sarif-2.1.0.json"
REASON = "a test waiver: these clients only speak RSA key exchange"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CheckRun:
    """Two configs: one with a waived MF003 failure, one with an unwaived MF004 failure."""
    monkeypatch.chdir(tmp_path)
    for rule in ("MF003", "MF004"):
        target = tmp_path / "configs" / rule / "ejabberd.yml"
        target.parent.mkdir(parents=True)
        shutil.copy(FIXTURES / rule / "fail.yml", target)
    (tmp_path / "configs" / "manifesto.toml").write_text(
        f'[[waiver]]\npath = "MF003/ejabberd.yml"\nrule = "MF003"\nreason = "{REASON}"\n'
    )
    return check_paths(["configs"])


def test_text_marks_waived_findings_and_gives_the_reason_when_verbose(run: CheckRun) -> None:
    output = text.render_run(run)
    assert "MF003 waived error: listener 5222: non-forward-secret suites offered" in output
    assert REASON not in output
    assert "configs/MF004/ejabberd.yml:12: MF004 error: listener 5222: SSLv3 enabled" in output
    assert f"[waived: {REASON}]" in text.render_run(run, verbose=True)


def test_json_has_findings_verdicts_and_openssl(run: CheckRun) -> None:
    report = json.loads(json_report.render_run(run))
    assert report["openssl"].startswith(("OpenSSL", "LibreSSL"))
    for finding in report["findings"]:
        assert {"rule", "severity", "path", "line", "message", "evidence"} <= set(finding)
    for verdict in report["verdicts"]:
        assert {"rule", "path", "status", "evidence", "waived_status", "waiver_reason"} <= set(
            verdict
        )
    waived = [v for v in report["verdicts"] if v["status"] == "waived"]
    assert [(v["rule"], v["waived_status"], v["waiver_reason"]) for v in waived] == [
        ("MF003", "fail", REASON)
    ]
    assert any(f["rule"] == "MF003" and f["waived"] for f in report["findings"])
    passing = [v for v in report["verdicts"] if v["status"] == "pass"]
    # A pass cites config lines unless it rests on a server default it names.
    assert passing and all(v["evidence"] or "the default of" in v["summary"] for v in passing)
    assert all(e["line"] > 0 and e["text"] for v in passing for e in v["evidence"])


def test_sarif_is_valid_against_the_oasis_schema(run: CheckRun) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    document = json.loads(sarif.render_run(run))
    jsonschema.Draft4Validator(schema).validate(document)
    assert document["version"] == "2.1.0"


def test_sarif_rules_results_and_suppressions(run: CheckRun) -> None:
    (sarif_run,) = json.loads(sarif.render_run(run))["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules[: len(ALL_RULES)]] == [r.id for r in ALL_RULES]
    assert all(
        r["helpUri"].startswith("https://") and r["fullDescription"]["text"] for r in rules[:9]
    )
    results = sarif_run["results"]
    waived = [r for r in results if "suppressions" in r]
    assert waived and all(r["ruleId"] == "MF003" for r in waived)
    assert waived[0]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": REASON}
    ]
    location = next(
        r["locations"][0]
        for r in results
        if r["ruleId"] == "MF004" and r["level"] == "error" and "MF004/" in json.dumps(r)
    )
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "configs/MF004/ejabberd.yml"
    assert location["physicalLocation"]["region"]["startLine"] == 12
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_artifact_uris_are_relative_and_escaped() -> None:
    assert sarif.artifact_uri("configs/IM/a b.yml") == "configs/IM/a%20b.yml"
    assert sarif.artifact_uri("/nowhere/near/cwd.yml").startswith("file:///")


def rst_problems(source: str) -> list[str]:
    """docutils' warnings and errors about ``source`` (info messages are not problems).

    report_level 2 keeps warning-level system messages in the doctree (a
    higher level filters them out before we could see them); halt_level 5
    collects them instead of raising at the first one.
    """
    document = docutils.core.publish_doctree(
        source,
        settings_overrides={"report_level": 2, "halt_level": 5, "warning_stream": io.StringIO()},
    )
    return [node.astext() for node in document.findall(docutils.nodes.system_message)]


def test_rst_problems_sees_broken_markup() -> None:
    assert rst_problems("Title\n=\n\ntext\n")  # underline too short
    assert rst_problems("`link <https://example.org>`__ and `unclosed\n")


def test_rules_rst_is_valid_restructuredtext() -> None:
    source = rst.render_rules(ALL_RULES)
    assert rst_problems(source) == []
    document = docutils.core.publish_doctree(source)
    titles = [node.astext() for node in document.findall(docutils.nodes.title)]
    assert titles[0] == "Manifesto rules"
    assert "MF003: Cipher suites prefer or require forward secrecy" in titles
    assert "https://github.com/stpeter/manifesto/blob/master/manifesto.txt" in source


def test_sarif_with_an_unparsable_config_is_valid_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ejabberd.yml").write_text("listen:\n  - port: [5222\n")
    run = check_paths(["ejabberd.yml"])
    assert ExitCode.of_run(run) is ExitCode.BAD_INPUT
    document = json.loads(sarif.render_run(run))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)
    (invocation,) = document["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    location = notification["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "ejabberd.yml"
    assert location["region"]["startLine"] >= 1


def test_rules_page_builds_with_sphinx_without_warnings(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text('project = "rules"\n')
    (tmp_path / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   rules\n")
    (tmp_path / "rules.rst").write_text(rst.render_rules(ALL_RULES))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "-q",
            "-b",
            "html",
            str(tmp_path),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "rules.html").read_text(encoding="utf-8")
    assert 'id="manifesto-rule-mf003"' in page
    assert "https://prosody.im/doc/advanced_ssl_config" in page
