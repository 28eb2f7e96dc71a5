"""The reader against the real thing: Debian 12's doveconf 2.3.19.1 prints, per protocol and
client address, the value in effect; the endpoints must hold the same value.

doveconf parses the config as the server does (it runs no service): ``-f
protocol=imap -f remote=ADDR -h KEY`` prints what a connection of that kind
gets. The configs mix includes read in glob order, a protocol block, a global
line written after it (which must not change the block's value) and a remote
block; the reference 2.3 config must be accepted as written.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support.skipping import require_program
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ServerConfig

ROOT = Path(__file__).resolve().parents[4]

CONFIG = """\
protocols = imap pop3
ssl_cert = <cert.pem
ssl_key = <cert.pem
!include conf.d/*.conf
protocol imap {
  ssl_min_protocol = TLSv1.3
}
ssl_min_protocol = TLSv1
remote 10.0.0.0/8 {
  disable_plaintext_auth = no
}
"""
INCLUDED = {
    "conf.d/20-b.conf": "ssl_cipher_list = AESGCM\n",
    "conf.d/10-a.conf": "ssl_cipher_list = HIGH\n",
}


def doveconf(path: Path, key: str, *filters: str) -> str:
    program = require_program("doveconf", "dovecot-core")
    arguments = [program, "-c", str(path)]
    for item in filters:
        arguments += ["-f", item]
    result = subprocess.run(
        [*arguments, "-h", key], capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout.strip()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("doveconf")
    (directory / "conf.d").mkdir()
    (directory / "cert.pem").write_text("placeholder\n", encoding="utf-8")
    for name, text in INCLUDED.items():
        (directory / name).write_text(text, encoding="utf-8")
    (directory / "dovecot.conf").write_text(CONFIG, encoding="utf-8")
    return directory / "dovecot.conf"


@pytest.fixture(scope="module")
def config(written: Path) -> ServerConfig:
    return load_config(written, version="2.3.19.1")


def _endpoint(config: ServerConfig, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in config.endpoints if e.name == name)


MIN_PROTOCOL_REFUSES = {"TLSv1.3": "TLSv1.2", "TLSv1": "SSLv3"}


@pytest.mark.parametrize(("protocol", "name"), [("imap", "imap-login imap 143"),
                                                 ("pop3", "pop3-login pop3 110")])  # fmt: skip
def test_protocol_blocks_and_globals_agree_with_doveconf(
    written: Path, config: ServerConfig, protocol: str, name: str
) -> None:
    endpoint = _endpoint(config, name)
    minimum = doveconf(written, "ssl_min_protocol", f"protocol={protocol}")
    assert endpoint.disabled_protocols is not None
    assert MIN_PROTOCOL_REFUSES[minimum] in endpoint.disabled_protocols.value
    assert endpoint.ciphers is not None
    assert endpoint.ciphers.value == doveconf(written, "ssl_cipher_list", f"protocol={protocol}")


def test_remote_block_agrees_with_doveconf(written: Path, config: ServerConfig) -> None:
    plain = doveconf(written, "disable_plaintext_auth", "protocol=imap")
    remote = doveconf(written, "disable_plaintext_auth", "protocol=imap", "remote=10.1.2.3")
    assert (plain, remote) == ("yes", "no")
    variant = _endpoint(config, "imap-login imap 143 (remote 10.0.0.0/8)")
    assert variant.cleartext_auth_allowed is not None
    assert variant.cleartext_auth_allowed.value is True
    assert _endpoint(config, "imap-login imap 143").cleartext_auth_allowed is None  # default: no


def test_reference_2_3_config_is_accepted_by_doveconf(tmp_path: Path) -> None:
    text = (ROOT / "configs/MailServers/Dovecot/2.3.19.1/dovecot.conf").read_text(encoding="utf-8")
    (tmp_path / "file.pem").write_text("placeholder\n", encoding="utf-8")
    for path in ("/etc/ssl/certs/mail.example.org.pem", "/etc/ssl/private/mail.example.org.key",
                 "/etc/dovecot/dh.pem"):  # fmt: skip
        text = text.replace(f"<{path}", f"<{tmp_path / 'file.pem'}")
    path = tmp_path / "dovecot.conf"
    path.write_text(text, encoding="utf-8")
    assert doveconf(path, "ssl") == "required"
    assert doveconf(path, "ssl_prefer_server_ciphers") == "yes"
