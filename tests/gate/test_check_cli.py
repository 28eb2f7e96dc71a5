"""``configfile check``: the whole agreement gate, in text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from gate_guides import REFERENCE_14_12, WAIVERS_14_12

YML = "IM/ejabberd/14.12/ejabberd.yml"


def _page(lines_option: str = "") -> str:
    option = f"   :lines: {lines_option}\n" if lines_option else ""
    return (
        "Guide\n=====\n\n.. configfile-section:: IM\n\nejabberd\n--------\n\n"
        f".. configfile:: 14.12/ejabberd.yml\n{option}   :caption: TLS setup\n"
    )


def _guide(make_project, lines_option: str = "", config: str | None = None, conf_extra: str = ""):
    configs = {
        YML: config if config is not None else REFERENCE_14_12.read_text(encoding="utf-8"),
        "manifesto.toml": WAIVERS_14_12,
    }
    return make_project(_page(lines_option), configs, conf_extra)


def _check_json(run_configfile, guide: Path) -> tuple[int, dict]:
    result = run_configfile("check", "--format", "json", cwd=guide)
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout)


def test_agreeing_guide_passes_with_a_coverage_table(make_project, run_configfile):
    guide = _guide(make_project)
    assert run_configfile("lock", cwd=guide).returncode == 0
    result = run_configfile("check", cwd=guide)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "agreement: OK" in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith(YML))
    assert row.split()[-1] == "-"  # nothing missing
    status, data = _check_json(run_configfile, guide)
    assert status == 0 and data["ok"] is True and data["problems"] == []
    (coverage,) = data["coverage"]
    assert coverage["config"] == YML
    assert 52 in coverage["relevant"] and coverage["missing"] == []


def test_missing_lock_fails_the_gate(make_project, run_configfile):
    guide = _guide(make_project)
    status, data = _check_json(run_configfile, guide)
    assert status == 1
    assert [p["check"] for p in data["problems"]] == ["lock"]
    assert "run `configfile lock`" in data["problems"][0]["message"]


def test_orphan_config_fails_unless_allowed(make_project, run_configfile):
    guide = _guide(make_project)
    orphan = guide / "configs/IM/ejabberd/16.01/ejabberd.yml"
    orphan.parent.mkdir(parents=True)
    orphan.write_text(REFERENCE_14_12.read_text(encoding="utf-8"), encoding="utf-8")
    (guide / "configs/IM/README.md").write_text("Reference configs.\n")  # not a config
    (guide / "configs/IM/ejabberd/dh.pem").write_text("-----BEGIN DH PARAMETERS-----\n")
    assert run_configfile("lock", cwd=guide).returncode == 0
    status, data = _check_json(run_configfile, guide)
    assert status == 1
    orphans = [p for p in data["problems"] if p["check"] == "orphan"]
    assert len(orphans) == 1 and orphans[0]["location"].endswith("16.01/ejabberd.yml")
    assert "configfile_orphans_ok" in orphans[0]["message"]
    assert all(p["check"] == "orphan" for p in data["problems"])

    (guide / "source/conf.py").write_text(
        (guide / "source/conf.py").read_text() + 'configfile_orphans_ok = ["IM/*/16.01/*"]\n'
    )
    status, data = _check_json(run_configfile, guide)
    assert status == 0, data["problems"]


def test_evidence_lines_not_shown_are_a_coverage_gap(make_project, run_configfile):
    guide = _guide(make_project, lines_option="50-53")
    assert run_configfile("lock", cwd=guide).returncode == 0
    status, data = _check_json(run_configfile, guide)
    assert status == 1
    (coverage,) = data["coverage"]
    assert coverage["shown"] == [50, 51, 52, 53]
    assert {52, 53} <= set(coverage["relevant"])
    assert {89, 97} <= set(coverage["missing"]) and 52 not in coverage["missing"]
    gaps = {p["location"].rsplit(":", 1)[1]: p["message"] for p in data["problems"]}
    assert "MF002" in gaps["97"] and "no quote shows it" in gaps["97"]
    text = run_configfile("check", cwd=guide).stdout
    assert f"{YML}  " in text and "50-53" in text


def test_quoted_config_that_fails_the_manifesto_fails_the_gate(make_project, run_configfile):
    reference = REFERENCE_14_12.read_text(encoding="utf-8").splitlines(keepends=True)
    assert reference[51].strip() == "starttls_required: true"  # the c2s listener's line 52
    guide = _guide(make_project, config="".join(reference[:51] + reference[52:]))
    assert run_configfile("lock", cwd=guide).returncode == 0
    status, data = _check_json(run_configfile, guide)
    assert status == 1
    policy = [p for p in data["problems"] if p["check"] == "policy"]
    assert policy and all(p["message"].startswith("MF001") for p in policy)
    assert "ejabberd.yml" in policy[0]["location"]


def test_scoped_waivers_excuse_only_their_endpoint(make_project, run_configfile):
    reference = REFERENCE_14_12.read_text(encoding="utf-8").splitlines(keepends=True)
    assert reference[57].lstrip().startswith('ciphers: "ECDHE-')  # the c2s listener's line 58
    reference[57] = reference[57].replace('ciphers: "', 'ciphers: "AES128-GCM-SHA256:')
    guide = _guide(make_project, config="".join(reference))
    scoped = WAIVERS_14_12.replace('rule = "', 'endpoint = "listener 5280"\nrule = "')
    (guide / "configs/manifesto.toml").write_text(scoped, encoding="utf-8")
    assert run_configfile("lock", cwd=guide).returncode == 0
    status, data = _check_json(run_configfile, guide)
    assert status == 1
    policy = [p for p in data["problems"] if p["check"] == "policy"]
    assert [p["location"].rsplit(":", 1)[1] for p in policy] == ["58"]
    assert policy[0]["message"].startswith("MF003") and "AES128-GCM-SHA256" in policy[0]["message"]


def test_missing_config_and_bad_range_are_located_in_the_page(make_project, run_configfile):
    guide = _guide(make_project, lines_option="240-260")
    page = guide / "source/index.rst"
    page.write_text(page.read_text() + "\n.. configfile:: 14.12/gone.yml\n")
    result = run_configfile("check", cwd=guide)
    assert result.returncode == 1
    assert "index.rst:9: WARNING: configfile: range 240-260 is past the end" in result.stdout
    assert "index.rst:13: WARNING: configfile: config file not found" in result.stdout


def test_broken_conf_py_is_bad_input(make_project, run_configfile):
    guide = _guide(make_project)
    (guide / "source/conf.py").write_text("extensions = [\n")
    result = run_configfile("check", cwd=guide)
    assert result.returncode == 2
    assert "conf.py" in result.stderr and "Traceback" not in result.stderr
    missing = run_configfile("--source", "nowhere", "check", cwd=guide)
    assert missing.returncode == 2 and "nowhere/conf.py: no Sphinx conf.py" in missing.stderr


def test_conf_py_without_the_extension_is_bad_input(make_project, run_configfile):
    guide = _guide(make_project)
    (guide / "source/conf.py").write_text('root_doc = "index"\n')
    result = run_configfile("lock", cwd=guide)
    assert result.returncode == 2
    assert (
        'the configfile extension is not loaded (add "sphinx_configfile" to extensions)'
        in result.stderr
    )
    assert not (guide / "source/configfiles.lock").exists()


LIGHTTPD_SITE = """\
$SERVER["socket"] == ":443" {
    ssl.engine = "enable"
    server.name = "www.example.org"
    ssl.pemfile = "/etc/ssl/certs/www.example.org.pem"
    ssl.openssl.ssl-conf-cmd = ("Protocol" => "-ALL, TLSv1.2 TLSv1.3")
}
"""


def test_config_of_a_server_without_policy_is_quoted_locked_and_reported(
    make_project, run_configfile
):
    guide = _guide(make_project)
    page = guide / "source/index.rst"
    page.write_text(
        page.read_text()
        + "\nlighttpd\n--------\n\n.. configfile:: lighttpd.conf\n"
        + "   :lines: 2-5\n   :caption: lighttpd TLS\n"
    )
    site = guide / "configs/IM/lighttpd/lighttpd.conf"
    site.parent.mkdir(parents=True)
    site.write_text(LIGHTTPD_SITE)
    locked = run_configfile("lock", cwd=guide)
    assert locked.returncode == 0 and "locked 2 quotes" in locked.stdout
    result = run_configfile("check", cwd=guide)
    assert result.returncode == 0, result.stdout + result.stderr
    row = next(
        line for line in result.stdout.splitlines() if line.startswith("IM/lighttpd/lighttpd.conf")
    )
    assert row.split("  ")[0] == "IM/lighttpd/lighttpd.conf"
    assert "not judged (no policy for lighttpd)" in row and "2-5" in row
    assert "agreement: OK (1 quoted config not judged)" in result.stdout
    status, data = _check_json(run_configfile, guide)
    assert status == 0 and data["problems"] == []
    lighttpd = next(row for row in data["coverage"] if row["config"] == "IM/lighttpd/lighttpd.conf")
    assert lighttpd["policy"] is False and lighttpd["note"] == "not judged (no policy for lighttpd)"
    assert lighttpd["shown"] == [2, 3, 4, 5] and lighttpd["relevant"] == []
    ejabberd = next(row for row in data["coverage"] if row["config"] == YML)
    assert ejabberd["policy"] is True and ejabberd["note"] is None

    # Unquoted, it would be an orphan like any config; key material and notes are not.
    (guide / "configs/IM/lighttpd/old-site").write_text(LIGHTTPD_SITE)
    (guide / "configs/IM/lighttpd/www.example.org.key").write_text("-----BEGIN PRIVATE KEY-----\n")
    (guide / "configs/IM/lighttpd/NOTES.txt").write_text("Why two sites.\n")
    (guide / "configs/IM/lighttpd/logo.bin").write_bytes(b"\x00\x01binary")
    status, data = _check_json(run_configfile, guide)
    assert status == 1
    assert [(p["check"], p["location"]) for p in data["problems"]] == [
        ("orphan", "configs/IM/lighttpd/old-site")
    ]
    (guide / "configs/IM/lighttpd/old-site").unlink()

    # Locked as usual: a change under the quote is lock drift, not a silent pass.
    site.write_text(LIGHTTPD_SITE.replace("TLSv1.2 TLSv1.3", "TLSv1 TLSv1.2 TLSv1.3"))
    status, data = _check_json(run_configfile, guide)
    assert status == 1
    assert [p["check"] for p in data["problems"]] == ["lock"]
