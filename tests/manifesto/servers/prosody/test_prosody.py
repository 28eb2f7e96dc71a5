"""prosody.cfg.lua (0.12) -> c2s/s2s per VirtualHost, direct-TLS ports, merged ssl."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigKind, Endpoint, ServerConfig

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "parsers" / "prosody" / "0.12"


@pytest.fixture(scope="module")
def config() -> ServerConfig:
    return load_config(FIXTURE / "prosody.cfg.lua")


def endpoint(config: ServerConfig, role: str, name: str) -> Endpoint:
    (found,) = [e for e in config.endpoints if e.role == role and e.name == name]
    return found


def test_profile_0_12_defaults_come_from_the_intermediate_tls_profile(
    config: ServerConfig,
) -> None:
    assert config.kind is ConfigKind.PROSODY
    assert config.profile.version == "0.12"
    assert config.profile.default_disabled_protocols == {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"}
    assert config.profile.default_ciphers is not None
    assert config.profile.default_ciphers.startswith("ECDHE-ECDSA-AES128-GCM-SHA256:")
    assert config.profile.default_server_cipher_order is False


def test_endpoints_per_virtualhost_and_direct_tls_port(config: ServerConfig) -> None:
    names = [(e.role, e.name) for e in config.endpoints]
    assert names[:4] == [
        ("c2s", "VirtualHost example.org c2s"),
        ("s2s", "VirtualHost example.org s2s"),
        ("c2s", "VirtualHost example.net c2s"),
        ("s2s", "VirtualHost example.net s2s"),
    ]
    direct = endpoint(config, "c2s", "c2s_direct_tls_ports 5223")
    assert direct.direct_tls is not None and direct.direct_tls.value is True
    assert direct.port is not None and direct.port.value == 5223


def test_host_overrides_global_require_encryption(config: ServerConfig) -> None:
    org = endpoint(config, "c2s", "VirtualHost example.org c2s")
    net = endpoint(config, "c2s", "VirtualHost example.net c2s")
    assert org.tls_required is not None and org.tls_required.value is True
    assert org.tls_required.evidence[0].text == "c2s_require_encryption = true"
    assert net.tls_required is not None and net.tls_required.value is False
    assert net.tls_required.evidence[0].line == 31


def test_ssl_fields_merge_host_over_global(config: ServerConfig) -> None:
    org = endpoint(config, "c2s", "VirtualHost example.org c2s")
    assert org.ciphers is not None and org.ciphers.value == "HIGH:!aNULL"
    assert [e.line for e in org.ciphers.evidence] == [27]
    assert org.disabled_protocols is not None
    assert org.disabled_protocols.value == {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"}
    assert org.disabled_protocols.evidence[0].text == '\tprotocol = "tlsv1_2+";'
    assert org.server_cipher_order is not None and org.server_cipher_order.value is True
    assert org.dh_params_file is not None and org.dh_params_file.value.endswith("dh-2048.pem")
    assert org.ecdh_curves is not None and org.ecdh_curves.value == ("secp384r1",)


def test_s2s_secure_auth_is_peer_authentication(config: ServerConfig) -> None:
    s2s = endpoint(config, "s2s", "VirtualHost example.org s2s")
    assert s2s.tls_required is not None and s2s.tls_required.value is True
    assert s2s.peer_authentication_required is not None
    assert s2s.peer_authentication_required.value is False
    assert s2s.peer_authentication_required.evidence[0].line == 7


def test_exact_protocol_and_no_options_disable_protocols(tmp_path: Path) -> None:
    path = tmp_path / "prosody.cfg.lua"
    path.write_text('ssl = {\n  protocol = "tlsv1_2";\n  options = { no_tlsv1_3 = true };\n}\n')
    (c2s,) = load_config(path, version="0.12").endpoints_with_role("c2s")
    assert c2s.name == "global c2s"
    assert c2s.disabled_protocols is not None
    assert c2s.disabled_protocols.value == {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.3"}
    assert [e.line for e in c2s.disabled_protocols.evidence] == [2, 3]


def test_secure_auth_implies_required_encryption_and_defaults_are_declared(
    tmp_path: Path,
) -> None:
    path = tmp_path / "0.12" / "prosody.cfg.lua"
    path.parent.mkdir()
    path.write_text(
        "require_encryption = true\ns2s_require_encryption = false\ns2s_secure_auth = true\n"
    )
    config = load_config(path)
    assert config.profile.default_tls_required == {"c2s", "s2s"}
    c2s = endpoint(config, "c2s", "global c2s")
    s2s = endpoint(config, "s2s", "global s2s")
    assert c2s.tls_required is not None and c2s.tls_required.evidence[0].line == 1
    assert s2s.tls_required is not None and s2s.tls_required.value is True
    assert s2s.tls_required.evidence[0].text == "s2s_secure_auth = true"
    assert load_config(path, version="0.11").profile.default_tls_required == frozenset()


def _direct_tls_endpoints(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "0.12" / "prosody.cfg.lua"
    path.parent.mkdir()
    path.write_text(text)
    return [e.name for e in load_config(path).endpoints if e.direct_tls is not None]


def test_a_port_in_both_direct_tls_options_is_one_endpoint(tmp_path: Path) -> None:
    names = _direct_tls_endpoints(
        tmp_path,
        "c2s_direct_tls_ports = { 5223 }\n"
        "legacy_ssl_ports = { 5223, 5224 }\n"
        'VirtualHost "a.example"\n',
    )
    assert names == ["c2s_direct_tls_ports 5223", "legacy_ssl_ports 5224"]


def test_the_same_port_on_other_interfaces_stays_two_endpoints(tmp_path: Path) -> None:
    names = _direct_tls_endpoints(
        tmp_path,
        "c2s_direct_tls_ports = { 5223 }\n"
        'legacy_ssl_ports = { 5223 }\nlegacy_ssl_interfaces = { "127.0.0.1" }\n',
    )
    assert names == ["c2s_direct_tls_ports 5223", "legacy_ssl_ports 5223"]


def test_a_virtualhosts_c2s_and_s2s_findings_are_named_with_their_direction(
    tmp_path: Path,
) -> None:
    # One host, two verdict words on one line: without the direction "MF005 note" and
    # "MF005 warning" for the same "VirtualHost localhost" read as a contradiction.
    path = tmp_path / "0.12" / "prosody.cfg.lua"
    path.parent.mkdir()
    path.write_text(
        'modules_enabled = { "tls" }\nVirtualHost "localhost"\n'
        '\tssl = { certificate = "localhost.crt"; key = "localhost.key" }\n'
        '\tc2s_ssl = { ciphers = "HIGH:!aNULL" }\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    mf005 = [line for line in done.stdout.splitlines() if ": MF005 " in line]
    assert mf005 == [
        f"{path}:2: MF005 note: VirtualHost localhost s2s: the client's cipher order decides,"
        " but every suite offered is forward-secret",
        f"{path}:2: MF005 warning: VirtualHost localhost c2s: the client's cipher order decides",
    ], done.stdout
