"""Upper-case values no macro defines, on Debian's ejabberd 23.01: what the server does.

yconf keeps an undefined name as its text. The static warnings say what
follows; these tests start the server on the reference config with one
such edit and check that it does exactly that.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.skipping import require_program

from live.conftest import PROJECT_ROOT, LiveSetup, make_setup, stop_at_end
from live.deployment import Rewrite, ejabberd_rewrites, free_port
from live.server_process import ServerStartError, start_ejabberd

REFERENCE = PROJECT_ROOT / "configs/IM/ejabberd/23.01/ejabberd.yml"


def _setup(folder: Path, edit: tuple[Rewrite, ...]) -> LiveSetup:
    require_program("ejabberdctl", "ejabberd")
    folder.mkdir(mode=0o755)  # one server per test: the shared live folder holds several
    return make_setup(
        REFERENCE, "ejabberd/23.01", lambda d: ejabberd_rewrites(d) + edit,
        ("c2s", "s2s", "http"), folder,
    )  # fmt: skip


def _static(config: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", "--format", "json", str(config)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout)


def _config_warnings(report: dict) -> list[str]:
    return [f["message"] for f in report["findings"] if f["rule"] == "config"]


def _handshake(setup: LiveSetup, version_flag: str) -> bool:
    openssl = require_program("openssl", "openssl")
    done = subprocess.run(
        [openssl, "s_client", "-starttls", "xmpp", "-xmpphost", setup.deployment.host,
         "-connect", f"127.0.0.1:{setup.deployment.ports['c2s']}", version_flag, "-brief"],
        input="", capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    return "Protocol version:" in done.stdout + done.stderr


def test_a_dhfile_naming_no_file_stops_ejabberd(live_folder: Path) -> None:
    folder = live_folder / "dhfile"
    setup = _setup(folder, (Rewrite(r"c2s_dhfile: .*", "c2s_dhfile: DH_FILE", 1),))
    report = _static(setup.rendered)
    assert [w for w in _config_warnings(report) if "ejabberd does not start" in w]
    assert {v["rule"]: v["status"] for v in report["verdicts"]}["MF006"] != "pass"
    with pytest.raises(ServerStartError) as failure:
        start_ejabberd(setup.rendered, folder, setup.deployment.ports, free_port())
    assert "DH_FILE" in str(failure.value)


def test_a_cipher_string_matching_nothing_leaves_only_tls_1_3(
    request: pytest.FixtureRequest, live_folder: Path
) -> None:
    folder = live_folder / "ciphers"
    setup = _setup(folder, (Rewrite(r"c2s_ciphers: .*", "c2s_ciphers: CIPHERS_LIST", 1),))
    report = _static(setup.rendered)
    assert [w for w in _config_warnings(report) if "only their TLS 1.3 suites" in w]
    stop_at_end(
        request,
        start_ejabberd(setup.rendered, folder, setup.deployment.ports, free_port()),
    )
    assert _handshake(setup, "-tls1_3")
    assert not _handshake(setup, "-tls1_2")


def test_upper_case_protocol_options_start_and_still_require_tls(
    request: pytest.FixtureRequest, live_folder: Path
) -> None:
    edit = (Rewrite(r"(\s+)- cipher_server_preference", r'\g<1>- "CIPHER_SERVER_PREFERENCE"', 3),)
    folder = live_folder / "protocol-options"
    setup = _setup(folder, edit)
    report = _static(setup.rendered)
    statuses = {v["rule"]: v["status"] for v in report["verdicts"]}
    assert statuses["MF001"] == "pass" and statuses["MF007"] != "fail", statuses
    assert [w for w in _config_warnings(report) if "skips 'CIPHER_SERVER_PREFERENCE'" in w]
    server = stop_at_end(
        request,
        start_ejabberd(setup.rendered, folder, setup.deployment.ports, free_port()),
    )
    assert _handshake(setup, "-tls1_2")
    assert "CIPHER_SERVER_PREFERENCE" not in server.log_text()  # fast_tls skips it silently
