"""ircd.conf (Charybdis 4.1) -> client ports, TLS ports and server links."""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigError, ConfigKind, Endpoint, ServerConfig

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "parsers" / "charybdis" / "4.1.2"


@pytest.fixture(scope="module")
def config() -> ServerConfig:
    return load_config(FIXTURE / "ircd.conf")


def endpoint(config: ServerConfig, name: str) -> Endpoint:
    (found,) = [e for e in config.endpoints if e.name == name]
    return found


def test_profile_cites_librb_defaults(config: ServerConfig) -> None:
    assert config.kind is ConfigKind.IRCD
    assert config.profile.family == "charybdis" and config.profile.version == "4.1.2"
    assert config.profile.default_disabled_protocols == {"SSLv2", "SSLv3", "TLSv1"}
    assert config.profile.default_ciphers is not None
    assert config.profile.default_ciphers.endswith("HIGH:!3DES:!aNULL")


def test_plain_ports_expand_ranges_and_are_not_tls(config: ServerConfig) -> None:
    plain = [e for e in config.endpoints if e.name.startswith("listen port")]
    assert [e.port.value for e in plain if e.port] == [6665, 6666, 6667, 6668, 6669, 7000]
    for e in plain:
        assert e.direct_tls is not None and e.direct_tls.value is False
        assert e.ciphers is None
        assert e.evidence[0].text == "\tport = 6665 .. 6669, 7000;"


def test_sslport_gets_serverinfo_tls_settings(config: ServerConfig) -> None:
    tls = endpoint(config, "listen sslport 6697")
    assert tls.direct_tls is not None and tls.direct_tls.value is True
    assert tls.tls_required is not None and tls.tls_required.value is True
    assert tls.ciphers is not None and tls.ciphers.value.startswith("ECDHE-RSA-AES256")
    assert [e.line for e in tls.ciphers.evidence] == [11]
    assert tls.dh_params_file is not None and tls.dh_params_file.value == "etc/dh.pem"
    assert tls.certificate is not None and tls.certificate.evidence[0].line == 9


def test_connect_blocks_use_tls_only_with_ssl_flag(config: ServerConfig) -> None:
    plain = endpoint(config, "connect hub.example.org")
    secure = endpoint(config, "connect ssl.example.org")
    assert plain.role == secure.role == "irc-server"
    assert plain.tls_required is not None and plain.tls_required.value is False
    assert secure.tls_required is not None and secure.tls_required.value is True
    assert secure.tls_required.evidence[0].text == "\tflags = ssl, topicburst;"
    assert secure.port is not None and secure.port.value == 9999


@pytest.mark.parametrize(
    ("items", "line", "message"),
    [
        (
            "\tsslport = yes;\n",
            3,
            "sslport must be a port number or range (6697 or 6697 .. 6699), not 'yes'",
        ),
        ('\tport = 6667,\n\t\t"6668";\n', 4, "port must be a port number or range"),
        ("\tsslport = 70000;\n", 3, "sslport 70000 is not a TCP port (1-65535)"),
        ("\tport = 0;\n", 3, "port 0 is not a TCP port (1-65535)"),
        ("\tport = 6669 .. 6665;\n", 3, "port 6669 .. 6665 is not a TCP port (1-65535)"),
        ("\tport = 1 .. 99999999;\n", 3, "port 1 .. 99999999 is not a TCP port (1-65535)"),
    ],
)
def test_a_listen_port_that_is_no_port_is_refused_at_its_line(
    tmp_path: Path, items: str, line: int, message: str
) -> None:
    # Charybdis ignores such a value and opens no listener; a check that
    # went on without it would judge a config with a TLS port missing.
    path = tmp_path / "ircd.conf"
    path.write_text(f'serverinfo {{ name = "irc.example.org"; }};\nlisten {{\n{items}}};\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.line == line
    assert message in caught.value.message


def test_a_connect_port_that_is_no_port_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ircd.conf"
    path.write_text('connect "hub.example.org" {\n\tport = yes;\n\tflags = ssl;\n};\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == (
        f"{path}:2: port must be a port number or range (6697 or 6697 .. 6699), not 'yes'"
    )
