"""BOSH and WebSocket on an ejabberd_http listener are client logins: MF001 judges them.

HTTP has no STARTTLS, so such a listener protects logins only with ``tls:
true``; without it a c2s listener that requires STARTTLS does not make the
server's client logins encrypted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]

YAML = """\
hosts: ["example.org"]
certfiles: ["/etc/ejabberd/example.org.pem"]
s2s_use_starttls: required
listen:
  -
    port: 5222
    module: ejabberd_c2s
    starttls_required: true
  -
    port: 5280
    module: ejabberd_http
{http}
"""

ERLANG = """\
{hosts, ["example.org"]}.
{s2s_use_starttls, required}.
{listen, [
  {5222, ejabberd_c2s, [starttls_required, {certfile, "/etc/ejabberd/e.pem"}]},
  {5280, ejabberd_http, [{HTTP}]}
]}.
"""


def mf001(path: Path, version: str) -> tuple[str, list[tuple[int, str]]]:
    done = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", "--format", "json"]
        + ["--server-version", version, str(path)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    (status,) = [v["status"] for v in report["verdicts"] if v["rule"] == "MF001"]
    findings = [(f["line"], f["headline"]) for f in report["findings"] if f["rule"] == "MF001"]
    return status, findings


@pytest.mark.parametrize(
    ("http", "transports"),
    [
        ("    request_handlers:\n      /bosh: mod_bosh", "BOSH"),
        ("    request_handlers:\n      /ws: ejabberd_http_ws\n      /admin: ejabberd_web_admin",
         "WebSocket"),
        ("    request_handlers:\n      /bosh: mod_bosh\n      /ws: ejabberd_http_ws",
         "BOSH and WebSocket"),
        ("    http_bind: true", "BOSH"),
    ],
)  # fmt: skip
def test_plain_http_client_logins_fail_mf001_at_the_listener(
    tmp_path: Path, http: str, transports: str
) -> None:
    path = tmp_path / "ejabberd.yml"
    path.write_text(YAML.format(http=http), encoding="utf-8")
    status, findings = mf001(path, "23.01")
    assert status == "fail"
    assert findings == [(10, f"listener 5280: {transports} clients may log in over plain HTTP")]


def test_the_same_listener_with_tls_passes_citing_it(tmp_path: Path) -> None:
    path = tmp_path / "ejabberd.yml"
    path.write_text(YAML.format(http="    tls: true\n    request_handlers:\n      /bosh: mod_bosh"))
    assert mf001(path, "23.01") == ("pass", [])


def test_a_listener_for_the_web_admin_alone_is_not_a_client_login(tmp_path: Path) -> None:
    path = tmp_path / "ejabberd.yml"
    path.write_text(YAML.format(http="    request_handlers:\n      /admin: ejabberd_web_admin"))
    assert mf001(path, "23.01") == ("pass", [])


@pytest.mark.parametrize(("http", "status"), [("http_bind, web_admin", "fail"),
                                              ("http_bind, tls", "pass"),
                                              ("http_poll", "fail")])  # fmt: skip
def test_ejabberd_2_listener_flags_carry_client_logins(
    tmp_path: Path, http: str, status: str
) -> None:
    path = tmp_path / "ejabberd.cfg"
    path.write_text(ERLANG.replace("{HTTP}", http), encoding="utf-8")
    assert mf001(path, "2.1.10")[0] == status
