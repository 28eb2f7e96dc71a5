"""The sdist and wheel as PyPI would receive them: built with `python -m build`
from a copy of the checkout, checked with `twine check`, and opened to see that
the licence, the metadata and the test suite are in them."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
_NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "__pycache__", "*.egg-info", ".*_cache", ".hypothesis"
)


@pytest.fixture(scope="module")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    checkout = tmp_path_factory.mktemp("checkout") / "hardening-guide-tools"
    shutil.copytree(PROJECT_ROOT, checkout, ignore=_NOT_SOURCES)
    outdir = tmp_path_factory.mktemp("dist")
    # --no-isolation: the build backend comes from this environment, so the
    # test runs offline; sdist first, then the wheel built from that sdist.
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(outdir), str(checkout)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (wheel,) = outdir.glob("*.whl")
    (sdist,) = outdir.glob("*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def test_twine_check_passes_on_sdist_and_wheel(distributions: dict[str, Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, distributions.values())],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2, result.stdout


def _wheel_metadata(wheel: Path) -> tuple[list[str], dict[str, list[str]]]:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        message = Parser().parsestr(archive.read(metadata_name).decode())
    fields: dict[str, list[str]] = {}
    for key, value in message.items():
        fields.setdefault(key, []).append(value)
    return names, fields


def test_wheel_carries_the_licence_file_and_expression(distributions: dict[str, Path]) -> None:
    names, fields = _wheel_metadata(distributions["wheel"])
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names
    with zipfile.ZipFile(distributions["wheel"]) as archive:
        (licence,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert archive.read(licence).decode().startswith("MIT License")
    assert fields["License-Expression"] == ["MIT"]
    assert fields["License-File"] == ["LICENSE"]


def test_wheel_metadata_has_classifiers_urls_and_authors(distributions: dict[str, Path]) -> None:
    _, fields = _wheel_metadata(distributions["wheel"])
    classifiers = set(fields["Classifier"])
    for wanted in (
        "Framework :: Sphinx :: Extension",
        "Topic :: Documentation :: Sphinx",
        "Topic :: Security",
        "Programming Language :: Python :: 3.11",
    ):
        assert wanted in classifiers
    # A licence classifier next to License-Expression is refused by PEP 639.
    assert not any(c.startswith("License ::") for c in classifiers)
    assert fields.get("Author") or fields.get("Author-email")
    urls = fields["Project-URL"]
    assert any("github.com/BetterCrypto/Applied-Crypto-Hardening" in url for url in urls)


def test_wheel_holds_the_packages_and_their_data_files(distributions: dict[str, Path]) -> None:
    names, _ = _wheel_metadata(distributions["wheel"])
    top = {n.split("/", 1)[0] for n in names if not n.split("/", 1)[0].endswith(".dist-info")}
    assert top == {
        "sphinx_configfile",
        "sphinx_manifesto",
        "tls_manifesto",
        "hardening_guide_tools",
    }
    data = sorted(n for n in names if not n.endswith(".py") and ".dist-info/" not in n)
    assert data == ["sphinx_configfile/static/configfile.css", "tls_manifesto/tls/dh_groups.json"]


def test_sdist_carries_the_licences_the_tests_and_the_docs(distributions: dict[str, Path]) -> None:
    with tarfile.open(distributions["sdist"]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for wanted in (
        "LICENSE",
        "LICENSES/CC-BY-SA-4.0.txt",
        "tests/conftest.py",
        "tests/packaging/test_distributions.py",
        "tests/roots/test-configfile/conf.py",
        "tests/schemas/sarif-2.1.0.json",
        "benchmarks/autobuild_server.py",  # tests import it
        "docs/conf.py",
        "docs/quickstart.md",
        "docs/examples/quickstart/docs/conf.py",
    ):
        assert wanted in names, wanted
    assert not any("__pycache__" in n for n in names)
