"""ejabberd 2.x ejabberd.cfg -> endpoints, and the 2.1.10 profile."""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigError, ConfigKind, Endpoint, ServerConfig, VersionOrigin
from tls_manifesto.servers.ejabberd.erlang_options import read_erlang_config
from tls_manifesto.servers.evidence import At

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "parsers" / "ejabberd" / "2.1.10"


@pytest.fixture(scope="module")
def config() -> ServerConfig:
    return load_config(FIXTURE / "ejabberd.cfg")


def endpoint(config: ServerConfig, name: str) -> Endpoint:
    (found,) = [e for e in config.endpoints if e.name == name]
    return found


def test_profile_of_2_1_10_cannot_set_ciphers_and_uses_openssl_default(
    config: ServerConfig,
) -> None:
    assert config.kind is ConfigKind.EJABBERD_ERLANG
    profile = config.profile
    assert profile.version == "2.1.10"
    assert not profile.can_set_ciphers and not profile.can_set_dh_params
    assert profile.default_ciphers == "DEFAULT"
    assert profile.sources and "tls_drv.c" in profile.sources[0].url


def test_c2s_flag_atom_is_read_with_its_line(config: ServerConfig) -> None:
    c2s = endpoint(config, "listener 5222")
    assert c2s.tls_required is not None and c2s.tls_required.value is True
    assert [(e.line, e.text) for e in c2s.tls_required.evidence] == [
        (10, "\t\t\tstarttls_required,")
    ]
    assert c2s.certificate is not None and c2s.certificate.value == "/etc/ejabberd/ejabberd.pem"
    assert c2s.ciphers is None  # left to the server: the profile's default applies


def test_http_listener_with_ip_tuple_and_web_admin_flag(config: ServerConfig) -> None:
    http = endpoint(config, "listener 5280")
    assert http.role == "http" and http.web_admin is True
    assert http.port is not None and http.port.value == 5280
    assert http.direct_tls is not None and http.direct_tls.value is True


def test_required_trusted_requires_tls_and_peer_authentication(config: ServerConfig) -> None:
    for name in ("listener 5269", "outgoing s2s"):
        s2s = endpoint(config, name)
        assert s2s.tls_required is not None and s2s.tls_required.value is True
        assert s2s.peer_authentication_required is not None
        assert s2s.peer_authentication_required.value is True
        assert s2s.certificate is not None
        assert [e.line for e in s2s.certificate.evidence] == [28]


def test_version_argument_overrides_the_path() -> None:
    config = load_config(FIXTURE / "ejabberd.cfg", version="16.01")
    assert config.profile.version == "16.01" and config.profile.can_set_ciphers


def test_unknown_version_gets_the_newest_2x_profile(tmp_path: Path) -> None:
    """Erlang terms are ejabberd 2.x's format; 26.07 cannot even read them."""
    path = tmp_path / "ejabberd.cfg"
    path.write_text('{hosts, ["example.org"]}.\n')
    config = load_config(path)
    assert config.profile.version == "2.1"
    assert config.profile.release_series == "ejabberd 2.1.12-2.1.13"
    assert not config.profile.can_set_ciphers and not config.profile.default_server_cipher_order
    assert config.judged_version is not None
    assert config.judged_version.origin is VersionOrigin.ASSUMED
    assert "Erlang terms are ejabberd 2.x's format" in config.judged_version.detail


def test_malformed_cfg_is_a_located_config_error(tmp_path: Path) -> None:
    path = tmp_path / "ejabberd.cfg"
    path.write_text('{hosts, ["example.org"]}.\n{listen, [{5222 ejabberd_c2s, []}]}.\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}:2: expected ',' or '}}'")


def test_options_keyed_by_a_tuple_are_kept_not_rejected(tmp_path: Path) -> None:
    """ejabberd 2.1.10 guide: {{s2s_host, "example.com"}, allow}. after s2s_default_policy."""
    path = tmp_path / "2.1.10" / "ejabberd.cfg"
    path.parent.mkdir()
    text = (
        '{hosts, ["example.org"]}.\n'
        "{s2s_use_starttls, required_trusted}.\n"
        "{s2s_default_policy, deny}.\n"
        '{{s2s_host, "example.net"}, allow}.\n'
        '{{s2s_host, "example.com"},\n'
        " deny}.\n"
    )
    path.write_text(text)
    options = read_erlang_config(str(path), text)
    assert options.keyed[("s2s_host", "example.net")].value == "allow"
    assert options.keyed[("s2s_host", "example.com")].lines == (At(str(path), 5), At(str(path), 6))
    config = load_config(path)
    (outgoing,) = config.endpoints
    # Access policy, not TLS: the outgoing s2s endpoint cites only s2s_* option lines.
    assert [e.line for e in outgoing.evidence] == [2, 3]


def test_a_tuple_key_without_a_value_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "2.1.10" / "ejabberd.cfg"
    path.parent.mkdir()
    path.write_text('{hosts, ["example.org"]}.\n{{s2s_host, "example.net"}, allow, extra}.\n')
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert error.value.line == 2
    assert "{{option_name, Key}, Value}" in error.value.message
