"""``configfile check`` for a guide that is not this one: settings instead of assumptions.

The policy and the coverage rule are settings (conf.py, overridden on the
command line); agreement between quotes and configs is checked whatever
they say; a config judged as the newest release says so and how to state
its version; a quickstart layout (docs/source) is found, and a configs
root that is not there is named with the setting that points at it.
"""

from __future__ import annotations

import json
from pathlib import Path

from gate_guides import CONF_PY, REFERENCE_14_12, WAIVERS_14_12

YML = "IM/ejabberd/14.12/ejabberd.yml"
UNVERSIONED = "IM/ejabberd/ejabberd.yml"


def _page(argument: str = "14.12/ejabberd.yml", lines: str = "") -> str:
    option = f"   :lines: {lines}\n" if lines else ""
    return (
        "Guide\n=====\n\n.. configfile-section:: IM\n\nejabberd\n--------\n\n"
        f".. configfile:: {argument}\n{option}"
    )


def _reference(weaken: bool = False) -> str:
    text = REFERENCE_14_12.read_text(encoding="utf-8")
    # Without the c2s listener's starttls_required the config fails MF001.
    return text.replace("starttls_required: true", "starttls: true") if weaken else text


def _check(run_configfile, guide: Path, *args: str) -> tuple[int, dict]:
    result = run_configfile("check", "--format", "json", *args, cwd=guide)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


def _locked_guide(make_project, run_configfile, page: str, configs: dict[str, str], conf=""):
    guide = make_project(page, {**configs, "manifesto.toml": WAIVERS_14_12}, conf)
    locked = run_configfile("lock", cwd=guide)
    assert locked.returncode == 0, locked.stdout + locked.stderr
    return guide


def test_policy_none_keeps_only_the_quotes_true(make_project, run_configfile):
    guide = _locked_guide(make_project, run_configfile, _page(lines="1-3"), {YML: _reference(True)})
    status, data = _check(run_configfile, guide)
    assert status == 1 and {p["check"] for p in data["problems"]} == {"policy", "coverage"}

    status, data = _check(run_configfile, guide, "--policy", "none")
    assert status == 0, data["problems"]
    (row,) = data["coverage"]
    assert row["note"] == "not judged (policy none)" and row["shown"] == [1, 2, 3]
    text = run_configfile("check", "--policy", "none", cwd=guide).stdout
    assert "agreement: OK (1 quoted config not judged)" in text

    # The same from conf.py; agreement is still checked: a quote that drifted fails.
    conf = guide / "source/conf.py"
    conf.write_text(conf.read_text() + 'configfile_check_policy = "none"\n')
    assert _check(run_configfile, guide)[0] == 0
    config = guide / "configs" / YML
    config.write_text("# a new first line\n" + config.read_text())
    status, data = _check(run_configfile, guide)
    assert status == 1 and [p["check"] for p in data["problems"]] == ["lock"]


def test_coverage_is_a_setting_and_an_option(make_project, run_configfile):
    guide = _locked_guide(make_project, run_configfile, _page(lines="50-53"), {YML: _reference()})
    status, data = _check(run_configfile, guide)
    assert status == 1 and {p["check"] for p in data["problems"]} == {"coverage"}
    assert "configfile_check_coverage = False" in data["problems"][0]["message"]

    status, data = _check(run_configfile, guide, "--no-coverage")
    assert status == 0 and data["coverage_required"] is False
    assert 97 in data["coverage"][0]["missing"]  # still reported, no longer a failure

    conf = guide / "source/conf.py"
    conf.write_text(conf.read_text() + "configfile_check_coverage = False\n")
    assert _check(run_configfile, guide)[0] == 0
    assert _check(run_configfile, guide, "--coverage")[0] == 1  # the option wins


def test_a_config_without_a_version_says_how_to_state_it(make_project, run_configfile):
    page = _page(argument="ejabberd.yml")
    guide = _locked_guide(make_project, run_configfile, page, {UNVERSIONED: _reference()})
    result = run_configfile("check", "--no-coverage", cwd=guide)
    note = next(line for line in result.stdout.splitlines() if line.startswith(f"{UNVERSIONED}: "))
    assert "the newest release known, for want of a stated version" in note
    assert "--server-version ejabberd=" in note and "configfile_server_versions" in note
    (row,) = _check(run_configfile, guide, "--no-coverage")[1]["coverage"]
    assert row["version_origin"] == "assumed-newest"

    status, data = _check(run_configfile, guide, "--no-coverage", "--server-version", "14.12")
    (row,) = data["coverage"]
    assert (row["judged_as"], row["version_origin"]) == ("ejabberd 14.12", "option")
    assert data["notes"] == []

    conf = guide / "source/conf.py"
    conf.write_text(conf.read_text() + 'configfile_server_versions = {"IM/*": "ejabberd=14.12"}\n')
    (row,) = _check(run_configfile, guide, "--no-coverage")[1]["coverage"]
    assert row["judged_as"] == "ejabberd 14.12"


def test_wrong_gate_settings_are_bad_input_at_their_line(make_project, run_configfile):
    conf = 'configfile_check_policy = "strict"\n'
    guide = make_project(_page(), {YML: _reference()}, conf)
    result = run_configfile("check", cwd=guide)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "conf.py:5: configfile_check_policy must be one of 'prefer-fs'" in result.stderr
    (guide / "source/conf.py").write_text(
        (guide / "source/conf.py").read_text().replace(conf, "")
        + 'configfile_server_versions = {"IM/*": "latest"}\n'
    )
    result = run_configfile("check", cwd=guide)
    assert result.returncode == 2 and "configfile_server_versions must be" in result.stderr
    # Which servers exist is the judge's (sphinx_manifesto) to say, asked once conf.py loads.
    (guide / "source/conf.py").write_text(
        (guide / "source/conf.py").read_text().replace('"IM/*": "latest"', '"IM/*": "lighttpd=1.2"')
    )
    result = run_configfile("check", cwd=guide)
    assert result.returncode == 2 and "configfile_server_versions must be" in result.stderr
    (guide / "source/conf.py").write_text(CONF_PY)
    bad_option = run_configfile("check", "--server-version", "lighttpd=1.2", cwd=guide)
    assert bad_option.returncode == 2 and "Traceback" not in bad_option.stderr
    assert "--server-version lighttpd=1.2: unknown server 'lighttpd'" in bad_option.stderr


def test_gate_policies_are_the_manifesto_policies_and_none():
    from sphinx_configfile.gate.options import CHECK_POLICIES
    from tls_manifesto.rules import POLICIES

    assert (*POLICIES, "none") == CHECK_POLICIES


def _quickstart_layout(root: Path, configfile_root: str | None = None) -> Path:
    """``sphinx-quickstart --sep``'s docs/source, the configs at the repository's top."""
    source = root / "docs/source"
    source.mkdir(parents=True)
    setting = f"configfile_root = {configfile_root!r}\n" if configfile_root else ""
    extensions = '["sphinx_configfile", "sphinx_manifesto"]'
    (source / "conf.py").write_text(f"extensions = {extensions}\n{setting}")
    (source / "index.rst").write_text("Guide\n=====\n\n.. configfile:: /lighttpd.conf\n")
    (root / "configs").mkdir()
    (root / "configs/lighttpd.conf").write_text('ssl.engine = "enable"\n')
    return source


def test_a_configs_root_that_is_not_there_is_named_with_its_setting(tmp_path, run_configfile):
    _quickstart_layout(tmp_path)
    result = run_configfile("lock", cwd=tmp_path)
    assert result.returncode == 1
    expected = (
        f"configfile_root in conf.py resolves to {tmp_path / 'docs/configs'}, which is not "
        "a directory; set it relative to conf.py's directory"
    )
    assert expected in result.stderr, result.stderr


def test_the_only_sphinx_project_is_found_without_source(tmp_path, run_configfile):
    _quickstart_layout(tmp_path, configfile_root="../../configs")
    locked = run_configfile("lock", cwd=tmp_path)
    assert locked.returncode == 0, locked.stderr
    assert (tmp_path / "docs/source/configfiles.lock").is_file()
    status, data = _check(run_configfile, tmp_path)
    assert status == 0 and data["coverage"][0]["note"] == "not judged (no policy for lighttpd)"

    (tmp_path / "other").mkdir()
    (tmp_path / "other/conf.py").write_text("")
    several = run_configfile("verify", cwd=tmp_path)
    assert several.returncode == 2
    assert "several Sphinx projects (docs/source, other); pass --source DIR" in several.stderr
    assert run_configfile("--source", "docs/source", "verify", cwd=tmp_path).returncode == 0
