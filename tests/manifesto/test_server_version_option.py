"""``--server-version``: every format says which version was judged and where it came from."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

PROJECT = Path(__file__).resolve().parents[2]
VERSIONS = PROJECT / "tests" / "fixtures" / "versions"
SARIF_SCHEMA = PROJECT / "tests" / "schemas" / "sarif-2.1.0.json"
SHAPE = VERSIONS / "ejabberd" / "18.12" / "ejabberd.yml"


def _manifesto(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", *map(str, args)],
        capture_output=True, text=True, timeout=120, check=False, cwd=cwd,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def unversioned(tmp_path: Path) -> Path:
    """The 18.12 shape where the path names no version (/etc/ejabberd/ejabberd.yml)."""
    target = tmp_path / "etc" / "ejabberd" / "ejabberd.yml"
    target.parent.mkdir(parents=True)
    shutil.copy(SHAPE, target)
    return target


def _json(*args: str | Path) -> dict[str, Any]:
    result = _manifesto("check", "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_text_names_the_version_and_the_option(unversioned: Path) -> None:
    output = _manifesto("check", "--server-version", "17.12", unversioned).stdout
    assert f"{unversioned}: judged as ejabberd 17.12 (option: --server-version 17.12;" in output
    assert "facts of ejabberd 13.12-17.12" in output
    # Judged as 17.12, the default protocols leave SSLv3 on: the option changed the verdict.
    assert "SSLv3 enabled" in output


def test_the_working_directory_names_the_version_of_a_bare_file_name(tmp_path: Path) -> None:
    directory = tmp_path / "18.12"
    directory.mkdir()
    shutil.copy(SHAPE, directory / "ejabberd.yml")
    output = _manifesto("check", "ejabberd.yml", cwd=directory).stdout
    assert "judged as ejabberd 18.12 (path: path component 18.12 of the full path;" in output


def test_an_ancestor_named_like_a_version_says_nothing(tmp_path: Path) -> None:
    # A checkout under ~/src/1.0/ must not make every config there "version 1.0".
    directory = tmp_path / "1.0" / "configs" / "IM" / "ejabberd"
    directory.mkdir(parents=True)
    shutil.copy(SHAPE, directory / "ejabberd.yml")
    output = _manifesto("check", "configs/IM/ejabberd/ejabberd.yml", cwd=tmp_path / "1.0").stdout
    assert "judged as ejabberd 26.07 (assumed-newest" in output


def test_text_says_when_the_newest_release_is_assumed(unversioned: Path) -> None:
    output = _manifesto("check", unversioned).stdout
    assert "judged as ejabberd 26.07 (assumed-newest: no version in the path" in output
    assert "SSLv3 enabled" not in output


def test_json_states_version_origin_for_path_option_and_assumption(unversioned: Path) -> None:
    by_path = _json(SHAPE)["configs"][0]["version"]
    assert by_path["version"] == "18.12" and by_path["origin"] == "path"
    assert by_path["detail"] == "path component 18.12"
    assert by_path["release_series"] == "ejabberd 18.01-26.07"
    by_option = _json("--server-version", "ejabberd=17.12", SHAPE)["configs"][0]
    assert by_option["version"]["origin"] == "option" and by_option["server"] == "ejabberd 17.12"
    assumed = _json(unversioned)["configs"][0]["version"]
    assert assumed["origin"] == "assumed-newest" and assumed["version"] == "26.07"


def test_a_family_scoped_version_leaves_other_families_alone() -> None:
    prosody = VERSIONS / "prosody" / "0.9.14" / "prosody.cfg.lua"
    report = _json("--server-version", "ejabberd=17.12", SHAPE, prosody)
    versions = {Path(c["path"]).name: c["version"] for c in report["configs"]}
    assert versions["ejabberd.yml"]["origin"] == "option"
    assert versions["prosody.cfg.lua"]["origin"] == "path"
    assert versions["prosody.cfg.lua"]["version"] == "0.9.14"


def test_sarif_carries_the_judged_version_and_stays_valid(unversioned: Path) -> None:
    result = _manifesto("check", "--format", "sarif", "--server-version", "18.12", unversioned)
    sarif = json.loads(result.stdout)
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
    (config,) = sarif["runs"][0]["properties"]["configs"]
    assert config["version"]["origin"] == "option"
    assert config["version"]["detail"] == "--server-version 18.12"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("latest", "'latest' is not a version like 18.12"),
        ("openfire=4.7", "unknown server 'openfire'"),
    ],
)
def test_a_bad_value_is_a_one_line_usage_error(value: str, message: str) -> None:
    result = _manifesto("check", "--server-version", value, SHAPE)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_ciphers_lists_the_default_of_the_version_named(unversioned: Path) -> None:
    old = _manifesto("ciphers", "--server-version", "17.12", unversioned).stdout
    new = _manifesto("ciphers", "--server-version", "18.12", unversioned).stdout
    assert "DEFAULT:!EXPORT:!LOW:!RC4:!SSLv2" in old.splitlines()
    assert "HIGH:!aNULL:!eNULL:!3DES:@STRENGTH" in new.splitlines()


def test_kind_solanum_judges_an_ircd_conf_as_solanum() -> None:
    config = VERSIONS / "charybdis" / "3.5.3" / "ircd.conf"
    report = _json("--kind", "solanum", "--server-version", "solanum=1.0", config)
    (entry,) = report["configs"]
    assert entry["kind"] == "ircd" and entry["server"] == "solanum 1.0"
    assert "family solanum (--kind solanum)" in entry["version"]["detail"]
