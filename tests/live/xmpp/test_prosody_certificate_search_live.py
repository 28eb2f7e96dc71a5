"""Prosody 0.12 without a configured certificate, live: MF009 agrees with the handshake.

Debian 12's prosody.cfg.lua names ``certificates = "certs"`` and ships that
directory empty. Started so, Prosody accepts the connection and offers
STARTTLS, but no TLS handshake completes; with ``localhost.crt`` and
``localhost.key`` in the directory (core/certmanager.lua find_cert) it does.
The static MF009 verdict must say the same in both cases.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.certificates import make_self_signed
from support.skipping import require_program

from live.deployment import free_port
from live.server_process import start_prosody, stop

CONFIG = """\
run_as_root = true
pidfile = "{folder}/prosody.pid"
data_path = "{folder}/data"
log = {{ info = "{folder}/prosody.log"; error = "{folder}/prosody.err"; }}
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {c2s} }}
s2s_ports = {{ {s2s} }}
modules_enabled = {{ "roster"; "saslauth"; "tls"; "disco"; "ping"; }}
authentication = "internal_hashed"
certificates = "certs"

VirtualHost "localhost"
"""


def _static_mf009(config: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", "--format", "json",
         "--server-version", "prosody=0.12.3", str(config)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    (verdict,) = [v for v in json.loads(done.stdout)["verdicts"] if v["rule"] == "MF009"]
    return str(verdict["status"])


def _handshake_completes(openssl: str, port: int) -> bool:
    done = subprocess.run(
        [openssl, "s_client", "-starttls", "xmpp", "-xmpphost", "localhost",
         "-connect", f"127.0.0.1:{port}", "-brief"],
        input="", capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    return "Protocol version:" in done.stderr + done.stdout


@pytest.mark.parametrize("with_certificate", [False, True], ids=["empty-certs", "host-crt-key"])
def test_mf009_agrees_with_prosodys_handshake(tmp_path: Path, with_certificate: bool) -> None:
    require_program("prosody", "prosody")
    openssl = require_program("openssl", "openssl")
    folder = tmp_path / "prosody"
    (folder / "certs").mkdir(parents=True)
    if with_certificate:
        made = make_self_signed(tmp_path, "localhost")
        shutil.copy(made.certificate, folder / "certs" / "localhost.crt")
        shutil.copy(made.key, folder / "certs" / "localhost.key")
    ports = {"c2s": free_port(), "s2s": free_port()}
    config = folder / "prosody.cfg.lua"
    config.write_text(CONFIG.format(folder=folder, **ports))
    expected = "pass" if with_certificate else "fail"
    assert _static_mf009(config) == expected
    server = start_prosody(config, folder, ports)
    try:
        assert _handshake_completes(openssl, ports["c2s"]) is with_certificate, server.log_text()
        if not with_certificate:
            assert "No certificate present in SSL/TLS configuration for localhost" in (
                server.log_text()
            )
    finally:
        stop(server)
