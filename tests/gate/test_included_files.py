"""A quoted file that another config includes is judged as part of that config."""

from __future__ import annotations

import json
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[2] / "configs" / "MailServers" / "Postfix" / "3.7"
MASTER = "MailServers/Postfix/3.7/master.cf"


def _guide(make_project, lines: str) -> Path:
    page = (
        "Mail\n====\n\n.. configfile-section:: MailServers\n\nPostfix\n-------\n\n"
        f".. configfile:: 3.7/master.cf\n   :lines: {lines}\n   :caption: Services\n"
    )
    configs = {
        f"MailServers/Postfix/3.7/{name}": (REFERENCE / name).read_text(encoding="utf-8")
        for name in ("main.cf", "master.cf", "dh2048.pem")
    }
    # The guide quotes only master.cf: main.cf is judged, not shown.
    return make_project(
        page, configs, 'configfile_orphans_ok = ["MailServers/Postfix/3.7/main.cf"]\n'
    )


def _coverage(run_configfile, guide: Path) -> tuple[int, dict]:
    assert run_configfile("lock", cwd=guide).returncode == 0
    result = run_configfile("check", "--format", "json", cwd=guide)
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    (coverage,) = [c for c in data["coverage"] if c["config"] == MASTER]
    return result.returncode, coverage


def test_master_cf_is_judged_through_its_main_cf(make_project, run_configfile):
    status, coverage = _coverage(run_configfile, _guide(make_project, "9-27"))
    assert status == 0, coverage
    # submission's smtpd_tls_security_level=encrypt and submissions' wrapper mode: MF015.
    assert coverage["relevant"] == [14, 23] and coverage["missing"] == []


def test_a_cited_line_of_master_cf_left_out_is_a_gap(make_project, run_configfile):
    status, coverage = _coverage(run_configfile, _guide(make_project, "9-12"))
    assert status == 1
    assert coverage["missing"] == [14, 23]
