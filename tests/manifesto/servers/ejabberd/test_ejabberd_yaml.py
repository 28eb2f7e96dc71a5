"""ejabberd.yml (23.01 form) -> endpoints with inherited TLS settings and evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigKind, Endpoint, ServerConfig

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "parsers" / "ejabberd" / "23.01"


@pytest.fixture(scope="module")
def config() -> ServerConfig:
    return load_config(FIXTURE / "ejabberd.yml")


def endpoint(config: ServerConfig, name: str) -> Endpoint:
    (found,) = [e for e in config.endpoints if e.name == name]
    return found


def test_kind_and_version_come_from_the_path(config: ServerConfig) -> None:
    assert config.kind is ConfigKind.EJABBERD_YAML
    assert config.profile.family == "ejabberd"
    assert config.profile.version == "23.01"
    assert config.profile.can_set_dh_params


def test_every_listener_becomes_an_endpoint_with_its_role(config: ServerConfig) -> None:
    roles = [(e.role, e.name) for e in config.endpoints]
    assert roles == [
        ("c2s", "listener 5222"),
        ("c2s", "listener 5223"),
        ("s2s", "listener 5269"),
        ("http", "listener 5280"),
        ("s2s", "outgoing s2s"),
    ]


def test_starttls_required_is_read_with_its_line(config: ServerConfig) -> None:
    c2s = endpoint(config, "listener 5222")
    assert c2s.tls_required is not None and c2s.tls_required.value is True
    assert [(ev.line, ev.text) for ev in c2s.tls_required.evidence] == [
        (27, "    starttls_required: true")
    ]
    assert c2s.port is not None and c2s.port.value == 5222


def test_global_c2s_options_apply_through_a_macro(config: ServerConfig) -> None:
    c2s = endpoint(config, "listener 5223")
    assert c2s.direct_tls is not None and c2s.direct_tls.value is True
    assert c2s.ciphers is not None
    assert c2s.ciphers.value == "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384"
    assert [ev.line for ev in c2s.ciphers.evidence] == [8, 10]
    assert c2s.disabled_protocols is not None
    assert c2s.disabled_protocols.value == {"SSLv3", "TLSv1", "TLSv1.1"}
    assert c2s.server_cipher_order is not None and c2s.server_cipher_order.value is True
    assert c2s.dh_params_file is not None and c2s.dh_params_file.value.endswith("dh2048.pem")


def test_s2s_settings_come_from_global_options(config: ServerConfig) -> None:
    for name in ("listener 5269", "outgoing s2s"):
        s2s = endpoint(config, name)
        assert s2s.tls_required is not None and s2s.tls_required.value is True
        assert s2s.tls_required.evidence[0].text == "s2s_use_starttls: required"
        assert s2s.peer_authentication_required is not None
        assert s2s.peer_authentication_required.value is False


def test_admin_request_handler_marks_web_admin(config: ServerConfig) -> None:
    http = endpoint(config, "listener 5280")
    assert http.web_admin is True
    assert endpoint(config, "listener 5222").web_admin is False


def test_multi_line_cipher_string_cites_every_line(tmp_path: Path) -> None:
    path = tmp_path / "16.01" / "ejabberd.yml"
    path.parent.mkdir()
    path.write_text(
        "listen:\n"
        "  -\n"
        "    port: 5222\n"
        "    module: ejabberd_c2s\n"
        "    ciphers: >-\n"
        "      ECDHE-RSA-AES256-GCM-SHA384:\n"
        "      ECDHE-RSA-AES128-GCM-SHA256\n"
        "    starttls: true\n"
    )
    (c2s,) = load_config(path).endpoints_with_role("c2s")
    assert c2s.ciphers is not None
    assert c2s.ciphers.value == "ECDHE-RSA-AES256-GCM-SHA384: ECDHE-RSA-AES128-GCM-SHA256"
    assert [e.line for e in c2s.ciphers.evidence] == [5, 6, 7]
    assert c2s.starttls_offered is not None and c2s.starttls_offered.value is True
    assert c2s.tls_required is None  # starttls alone does not require TLS


def test_before_17_03_global_c2s_options_do_not_override_the_listener(tmp_path: Path) -> None:
    path = tmp_path / "14.12" / "ejabberd.yml"
    path.parent.mkdir()
    path.write_text(
        "c2s_ciphers: 'NULL'\n"
        "listen:\n"
        "  -\n"
        "    port: 5222\n"
        "    module: ejabberd_c2s\n"
        '    ciphers: "HIGH:!aNULL"\n'
        "    protocol_options:\n"
        '      - "no_sslv3"\n'
        "  -\n"
        "    port: 5280\n"
        "    module: ejabberd_http\n"
        "    web_admin: true\n"
    )
    config = load_config(path)
    assert config.profile.can_disable_protocols and not config.profile.can_set_dh_params
    c2s, http, _ = config.endpoints
    assert c2s.ciphers is not None and c2s.ciphers.value == "HIGH:!aNULL"
    assert c2s.disabled_protocols is not None and c2s.disabled_protocols.value == {"SSLv3"}
    # protocol_options replaces the default, so without cipher_server_preference it is off
    assert c2s.server_cipher_order is not None and c2s.server_cipher_order.value is False
    assert [e.line for e in c2s.server_cipher_order.evidence] == [7, 8]
    assert http.web_admin is True


HTTPS_WITH_GLOBAL_CERTFILES = (
    "certfiles:\n"
    "  - /etc/ejabberd/certs/example.org.pem\n"
    "listen:\n"
    "  -\n"
    "    port: 5280\n"
    "    module: ejabberd_http\n"
    "    tls: true\n"
)


def _https_listener(tmp_path: Path, version: str) -> Endpoint:
    path = tmp_path / version / "ejabberd.yml"
    path.parent.mkdir()
    path.write_text(HTTPS_WITH_GLOBAL_CERTFILES)
    (http, _) = load_config(path).endpoints
    return http


def test_http_listener_takes_the_global_certfiles_from_17_12(tmp_path: Path) -> None:
    http = _https_listener(tmp_path, "23.01")
    assert http.certificate is not None
    assert http.certificate.value == "/etc/ejabberd/certs/example.org.pem"
    assert [e.line for e in http.certificate.evidence] == [1, 2]


def test_http_listener_before_17_12_has_no_certificate_from_certfiles(tmp_path: Path) -> None:
    assert _https_listener(tmp_path, "17.11").certificate is None


def test_http_listener_keeps_its_own_certfile(tmp_path: Path) -> None:
    path = tmp_path / "23.01" / "ejabberd.yml"
    path.parent.mkdir()
    path.write_text(HTTPS_WITH_GLOBAL_CERTFILES + "    certfile: /etc/ejabberd/web.pem\n")
    (http, _) = load_config(path).endpoints
    assert http.certificate is not None and http.certificate.value == "/etc/ejabberd/web.pem"
    assert [e.line for e in http.certificate.evidence] == [8]


def test_outgoing_s2s_without_s2s_options_is_located_at_the_hosts_line(tmp_path: Path) -> None:
    path = tmp_path / "23.01" / "ejabberd.yml"
    path.parent.mkdir()
    path.write_text("# no s2s options\nloglevel: info\nhosts:\n  - example.org\n")
    config = load_config(path)
    outgoing = endpoint(config, "outgoing s2s")
    assert [e.line for e in outgoing.evidence] == [3]


def test_outgoing_s2s_without_s2s_options_or_hosts_is_located_at_line_1(tmp_path: Path) -> None:
    path = tmp_path / "23.01" / "ejabberd.yml"
    path.parent.mkdir()
    path.write_text("loglevel: info\n")
    assert [e.line for e in endpoint(load_config(path), "outgoing s2s").evidence] == [1]
