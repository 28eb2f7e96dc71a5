"""The documentation site (docs/) builds with -W, quotes its examples with the
``configfile`` directive, and what its quickstart and recipes tell a user to
run works: the quickstart project is built, locked and checked, and the CI
recipe's SARIF command is run."""

from __future__ import annotations

import html
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML
from support.listing_html import marked_listings

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOCS = PROJECT_ROOT / "docs"
EXAMPLES = DOCS / "examples"
PAGES = (
    "index",
    "quickstart",
    "directive",
    "evidence",
    "gate",
    "checker",
    "probe",
    "recipes",
    "limits",
    "design",
    "licence",
)
_TAG = re.compile(r"<[^>]+>")


def _script(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("docs") / "html"
    doctrees = outdir.parent / "doctrees"
    result = _run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going"]
        + ["-d", str(doctrees), str(DOCS), str(outdir)],
        cwd=PROJECT_ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return outdir


def _listing(page_html: str, name: str) -> list[tuple[int, str]]:
    """(number, text) of each line of the listing labelled ``name``."""
    start = page_html.index(f'id="{name}"')
    pre = page_html[page_html.index("<pre>", start) : page_html.index("</pre>", start)]
    lines = []
    for row in pre.split("\n"):
        number = re.search(r'<span class="linenos">\s*(\d+)</span>', row)
        if number:
            text = html.unescape(_TAG.sub("", row[number.end() :]))
            lines.append((int(number.group(1)), text))
    return lines


def _file_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_every_page_is_built_and_in_the_navigation(built_docs: Path) -> None:
    index = (built_docs / "index.html").read_text(encoding="utf-8")
    for page in PAGES:
        assert (built_docs / f"{page}.html").is_file(), page
        if page != "index":
            assert f'href="{page}.html"' in index, page


def test_quickstart_quotes_the_example_project_with_original_line_numbers(
    built_docs: Path,
) -> None:
    page = (built_docs / "quickstart.html").read_text(encoding="utf-8")
    nginx = _file_lines(EXAMPLES / "quickstart/configs/web/nginx/nginx.conf")
    assert _listing(page, "quickstart-nginx-tls") == [(n, nginx[n - 1]) for n in range(9, 15)]
    conf = _file_lines(EXAMPLES / "quickstart/docs/conf.py")
    assert _listing(page, "quickstart-conf-py") == list(enumerate(conf, start=1))
    # The caption links to the copy the build bundles, which is the file itself.
    assert 'href="_configfile/quickstart/configs/web/nginx/nginx.conf"' in page
    copy = built_docs / "_configfile/quickstart/configs/web/nginx/nginx.conf"
    assert copy.read_bytes() == (EXAMPLES / "quickstart/configs/web/nginx/nginx.conf").read_bytes()


def test_directive_page_shows_ranges_keys_and_emphasis(built_docs: Path) -> None:
    page = (built_docs / "directive.html").read_text(encoding="utf-8")
    config = _file_lines(EXAMPLES / "IM/ejabberd/23.01/ejabberd.yml")
    shown = _listing(page, "example-lines")
    assert [n for n, _ in shown] == [10, 11, 12, 13, *range(24, 31)]
    assert all(text == config[n - 1] for n, text in shown)
    assert "configfile-gap" in page
    start = page.index('id="example-lines"')
    pre = page[start : page.index("</pre>", start)]
    assert re.findall(r'<span class="hll"><span class="linenos">\s*(\d+)</span>', pre) == [
        "11",
        "30",
    ]
    keyed = [text.strip() for _, text in _listing(page, "example-keys")]
    assert "starttls_required: true" in keyed
    assert "s2s_use_starttls: required_trusted" in keyed
    assert "c2s_ciphers" not in " ".join(keyed)


def test_manifest_records_every_quote_of_the_docs(built_docs: Path) -> None:
    manifest = json.loads((built_docs / "configfiles.json").read_text(encoding="utf-8"))
    quoted = {entry["config_relpath"] for entry in manifest["quotes"]}
    assert {
        "quickstart/configs/web/nginx/nginx.conf",
        "quickstart/docs/conf.py",
        "quickstart/docs/index.rst",
        "IM/ejabberd/23.01/ejabberd.yml",
        "recipes/ci/hardening.yml",
        "recipes/pre-commit/pre-commit-config.yaml",
    } <= quoted


def test_quickstart_project_builds_locks_and_checks_as_the_page_says(tmp_path: Path) -> None:
    project = tmp_path / "notes"
    shutil.copytree(EXAMPLES / "quickstart", project)
    page = (DOCS / "quickstart.md").read_text(encoding="utf-8")

    build = _run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", "docs", "build/html"],
        cwd=project,
    )
    assert build.returncode == 0, build.stderr
    assert "sphinx-build -W --keep-going -b html docs build/html" in page

    lock = _run([_script("configfile"), "--source", "docs", "lock"], cwd=project)
    assert lock.returncode == 0, lock.stderr
    assert lock.stdout.strip().endswith("docs/configfiles.lock: locked 1 quote")
    assert "docs/configfiles.lock: locked 1 quote" in page

    check = _run([_script("configfile"), "--source", "docs", "check"], cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    for line in check.stdout.strip().splitlines():
        assert line in page, f"the quickstart does not show the output line {line!r}"

    # An edit above the quoted lines is a drift the gate reports.
    nginx = project / "configs/web/nginx/nginx.conf"
    nginx.write_text("# a new first line\n" + nginx.read_text(encoding="utf-8"), encoding="utf-8")
    drifted = _run([_script("configfile"), "--source", "docs", "check"], cwd=project)
    assert drifted.returncode == 1, drifted.stdout + drifted.stderr


def _steps(workflow: Path) -> dict[str, str]:
    data = YAML(typ="safe").load(workflow.read_text(encoding="utf-8"))
    (job,) = data["jobs"].values()
    return {step["name"]: step.get("run", "") for step in job["steps"] if "name" in step}


def test_ci_recipe_writes_valid_sarif_for_the_upload(tmp_path: Path) -> None:
    steps = _steps(EXAMPLES / "recipes/ci/hardening.yml")
    argv = shlex.split(steps["Check the configs (SARIF)"])
    assert argv[0] == "manifesto"
    shutil.copytree(PROJECT_ROOT / "configs", tmp_path / "configs")
    result = _run([_script("manifesto"), *argv[1:]], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    sarif = json.loads((tmp_path / "manifesto.sarif").read_text(encoding="utf-8"))
    schema = json.loads((PROJECT_ROOT / "tests/schemas/sarif-2.1.0.json").read_text())
    jsonschema.validate(sarif, schema)
    assert sarif["version"] == "2.1.0"
    upload = YAML(typ="safe").load((EXAMPLES / "recipes/ci/hardening.yml").read_text())
    (job,) = upload["jobs"].values()
    (step,) = [s for s in job["steps"] if s.get("uses", "").startswith("github/codeql-action")]
    assert step["with"]["sarif_file"] == "manifesto.sarif" and step["if"] == "always()"
    assert upload["permissions"]["security-events"] == "write"


def test_pre_commit_recipe_names_hooks_this_repository_offers() -> None:
    offered = YAML(typ="safe").load((PROJECT_ROOT / ".pre-commit-hooks.yaml").read_text())
    recipe = YAML(typ="safe").load(
        (EXAMPLES / "recipes/pre-commit/pre-commit-config.yaml").read_text()
    )
    (repo,) = recipe["repos"]
    assert {hook["id"] for hook in repo["hooks"]} <= {hook["id"] for hook in offered}


def test_readme_links_lead_to_sections_that_exist(built_docs: Path) -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(docs/([a-z-]+)\.md(?:#([a-z0-9-]+))?\)", readme)
    assert len({page for page, _ in links}) >= 8
    for page, anchor in links:
        built = (built_docs / f"{page}.html").read_text(encoding="utf-8")
        if anchor:
            assert f'id="{anchor}"' in built, f"docs/{page}.md#{anchor}"


def test_evidence_marks_and_verdicts_agree_with_the_checker(built_docs: Path) -> None:
    config = EXAMPLES / "IM/ejabberd/23.01/ejabberd.yml"
    result = _run([_script("manifesto"), "check", "--format", "json", str(config)], PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    verdicts = json.loads(result.stdout)["verdicts"]
    passed = sorted(v["rule"] for v in verdicts if v["status"] == "pass")
    page = (built_docs / "evidence.html").read_text(encoding="utf-8")
    listing = marked_listings(page)["example-evidence"]
    assert f"ejabberd 23.01 · {' '.join(passed)} pass" in (listing.verdict_text or "")
    cited = {
        (e["line"], v["rule"])
        for v in verdicts
        if v["status"] == "pass"
        for e in v["evidence"]
        if e["line"] in listing.marks
    }
    marks = {(number, mark.rule) for number, row in listing.marks.items() for mark in row}
    assert cited and marks == cited
