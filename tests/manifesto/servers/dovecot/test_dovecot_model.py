"""Dovecot settings -> endpoints: inheritance as the server layers its filters, listeners,
the TLS and login values with the lines that set them, 2.3 and 2.4 names, unknown names."""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import Endpoint, ServerConfig

CERT = "ssl_cert = </etc/ssl/certs/mail.pem\nssl_key = </etc/ssl/private/mail.key\n"
CERT_24 = (
    "ssl_server_cert_file = /etc/ssl/certs/mail.pem\n"
    "ssl_server_key_file = /etc/ssl/private/mail.key\n"
)


def load(tmp_path: Path, text: str, version: str = "2.3.19.1") -> ServerConfig:
    path = tmp_path / "dovecot.conf"
    path.write_text(text, encoding="utf-8")
    return load_config(path, version=version)


def by_name(config: ServerConfig) -> dict[str, Endpoint]:
    return {e.name: e for e in config.endpoints}


def test_default_listeners_of_the_enabled_protocols(tmp_path: Path) -> None:
    config = load(tmp_path, "protocols = imap pop3 submission\n" + CERT)
    found = {(e.role, e.port.value, e.direct_tls.value) for e in config.endpoints}  # type: ignore[union-attr]
    assert found == {
        ("imap", 143, False),
        ("imap", 993, True),
        ("pop3", 110, False),
        ("pop3", 995, True),
        ("submission", 587, False),
        ("submissions", 465, True),
    }
    assert all(e.auth_offered and e.auth_offered.value for e in config.endpoints)


def test_listener_blocks_change_ports_turn_listeners_off_and_add_tls(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "protocols = imap\n" + CERT + "service imap-login {\n"
        "  inet_listener imap {\n    port = 0\n  }\n"
        "  inet_listener imaps {\n    port = 10993\n  }\n"
        "  inet_listener extra {\n    port = 1143\n    ssl = yes\n  }\n"
        "}\n",
    )
    endpoints = by_name(config)
    assert sorted(endpoints) == ["imap-login extra 1143", "imap-login imaps 10993"]
    extra = endpoints["imap-login extra 1143"]
    assert extra.direct_tls.value is True and extra.direct_tls.evidence[0].line == 13  # type: ignore[union-attr]
    assert [e.line for e in extra.evidence] == [11, 12, 13]
    assert endpoints["imap-login imaps 10993"].port.evidence[0].line == 9  # type: ignore[union-attr]


def test_protocol_filter_wins_over_the_top_level_even_when_written_first(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "protocols = imap pop3\n" + CERT + "protocol imap {\n  ssl_min_protocol = TLSv1.3\n}\n"
        "ssl_min_protocol = TLSv1\n",
    )
    endpoints = by_name(config)
    imap = endpoints["imap-login imap 143"].disabled_protocols
    pop3 = endpoints["pop3-login pop3 110"].disabled_protocols
    assert imap is not None and imap.value == {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"}
    assert imap.evidence[0].line == 5
    assert pop3 is not None and pop3.value == {"SSLv2", "SSLv3"} and pop3.evidence[0].line == 7


def test_a_remote_block_that_weakens_login_gets_its_own_endpoints(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "protocols = imap\n" + CERT + "ssl = required\n"
        "remote 10.0.0.0/8 {\n  disable_plaintext_auth = no\n  ssl = yes\n}\n",
    )
    endpoints = by_name(config)
    plain = endpoints["imap-login imap 143"]
    assert plain.tls_required.value is True and plain.tls_required.evidence[0].line == 4  # type: ignore[union-attr]
    assert plain.cleartext_auth_allowed.value is False  # type: ignore[union-attr]
    remote = endpoints["imap-login imap 143 (remote 10.0.0.0/8)"]
    assert remote.tls_required.value is False and remote.tls_required.evidence[0].line == 7  # type: ignore[union-attr]
    assert remote.cleartext_auth_allowed.value is True  # type: ignore[union-attr]
    assert remote.cleartext_auth_allowed.evidence[0].line == 6  # type: ignore[union-attr]


def test_local_name_with_protocol_inside_reaches_only_that_protocol(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "protocols = imap pop3\n" + CERT + "local_name mail.example.org {\n  protocol imap {\n"
        "    ssl_cert = </etc/ssl/certs/imap.pem\n  }\n}\n",
    )
    names = sorted(by_name(config))
    assert "imap-login imap 143 (local_name mail.example.org)" in names
    assert not any("local_name" in n for n in names if n.startswith("pop3"))
    variant = by_name(config)["imap-login imaps 993 (local_name mail.example.org)"]
    assert variant.certificate.value == "/etc/ssl/certs/imap.pem"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("line", "required", "cleartext"),
    [
        ("ssl = required\n", True, False),
        ("ssl = yes\ndisable_plaintext_auth = no\n", False, True),
        ("ssl = yes\ndisable_plaintext_auth = yes\n", False, False),
        ("ssl = yes\n", False, None),  # the profile's default applies
    ],
)
def test_ssl_and_plaintext_auth_2_3(
    tmp_path: Path, line: str, required: bool, cleartext: bool | None
) -> None:
    endpoint = by_name(load(tmp_path, "protocols = imap\n" + CERT + line))["imap-login imap 143"]
    assert endpoint.tls_required is not None and endpoint.tls_required.value is required
    allowed = endpoint.cleartext_auth_allowed
    assert (allowed.value if allowed else None) is cleartext


def test_direct_tls_listener_never_takes_cleartext_logins(tmp_path: Path) -> None:
    config = load(tmp_path, "protocols = imap\n" + CERT + "disable_plaintext_auth = no\n")
    imaps = by_name(config)["imap-login imaps 993"]
    assert imaps.cleartext_auth_allowed.value is False  # type: ignore[union-attr]


def test_ssl_no_drops_tls_listeners_and_stops_starttls(tmp_path: Path) -> None:
    config = load(tmp_path, "protocols = imap\nssl = no\n")
    assert sorted(by_name(config)) == ["imap-login imap 143"]
    assert config.endpoints[0].starttls_offered.value is False  # type: ignore[union-attr]
    assert any("closes every connection" in i.message for i in config.read_issues)


def test_tls_values_2_3_with_their_lines(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "protocols = imap\n" + CERT + "ssl_dh = <dh.pem\n"
        "ssl_cipher_list = ECDHE+AESGCM:!aNULL\n"
        "ssl_prefer_server_ciphers = yes\n"
        "ssl_curve_list = X25519:prime256v1\n"
        "ssl_options = compression no_ticket\n",
    )
    endpoint = by_name(config)["imap-login imaps 993"]
    assert endpoint.certificate.value == "/etc/ssl/certs/mail.pem"  # type: ignore[union-attr]
    assert endpoint.dh_params_file.value == "dh.pem"  # type: ignore[union-attr]
    assert endpoint.dh_params_file.evidence[0].line == 4  # type: ignore[union-attr]
    assert endpoint.ciphers.value == "ECDHE+AESGCM:!aNULL"  # type: ignore[union-attr]
    assert endpoint.server_cipher_order.value is True  # type: ignore[union-attr]
    assert endpoint.ecdh_curves.value == ("X25519", "prime256v1")  # type: ignore[union-attr]
    assert endpoint.tls_compression.value is True  # type: ignore[union-attr]
    assert endpoint.tls_compression.evidence[0].line == 8  # type: ignore[union-attr]


def test_tls_values_2_4_names(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "dovecot_config_version = 2.4.0\nprotocols = imap\n"
        + CERT_24
        + "ssl_server_dh_file = /etc/dovecot/dh.pem\n"
        "ssl_server_prefer_ciphers = server\n"
        "auth_allow_cleartext = yes\n",
        version="2.4.4",
    )
    assert config.read_issues == ()
    endpoint = by_name(config)["imap-login imap 143"]
    assert endpoint.certificate.value == "/etc/ssl/certs/mail.pem"  # type: ignore[union-attr]
    assert endpoint.dh_params_file.value == "/etc/dovecot/dh.pem"  # type: ignore[union-attr]
    assert endpoint.server_cipher_order.value is True  # type: ignore[union-attr]
    assert endpoint.cleartext_auth_allowed.value is True  # type: ignore[union-attr]
    assert endpoint.cleartext_auth_allowed.evidence[0].line == 7  # type: ignore[union-attr]


def test_a_2_3_name_judged_as_2_4_blocks_and_names_the_2_4_setting(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "dovecot_config_version = 2.4.0\nprotocols = imap\n"
        + CERT
        + "disable_plaintext_auth = no\n",
        version="2.4",
    )
    messages = {i.evidence.line: i for i in config.read_issues}
    assert messages[3].blocks_pass and "use ssl_server_cert_file" in messages[3].message
    assert "use auth_allow_cleartext (inverted" in messages[5].message
    endpoint = by_name(config)["imap-login imap 143"]
    assert endpoint.certificate is None and endpoint.cleartext_auth_allowed is None


def test_a_2_4_name_judged_as_2_3_blocks_and_names_the_2_3_setting(tmp_path: Path) -> None:
    config = load(tmp_path, "protocols = imap\n" + CERT_24, version="2.3.19.1")
    (issue, _) = config.read_issues
    assert issue.blocks_pass and issue.evidence.line == 2
    assert "ssl_server_cert_file is the Dovecot 2.4 name: 2.3 refuses it; use ssl_cert" in (
        issue.message
    )


def test_a_2_4_config_without_dovecot_config_version_blocks(tmp_path: Path) -> None:
    config = load(tmp_path, "protocols = imap\n" + CERT_24, version="2.4.4")
    (issue,) = config.read_issues
    assert issue.blocks_pass and issue.evidence.line == 1
    assert "first setting is not dovecot_config_version" in issue.message


def test_unknown_directives_are_named_blocking_when_they_look_tls_related(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "protocols = imap\n" + CERT + "ssl_ciphersuites = TLS_AES_256_GCM_SHA384\n"
        "mail_fancy_feature = yes\n"
        "protocol imap {\n  tls_strict = yes\n}\n"
        "service imap-login {\n  inet_listener imaps {\n    ssl_mode = strict\n  }\n}\n"
        "plugin {\n  whatever_ssl = anything\n}\n",
    )
    issues = {(i.evidence.line, i.blocks_pass) for i in config.read_issues}
    assert issues == {(4, True), (5, False), (7, True), (11, True)}  # plugin {} is not read
    assert all("not a setting Dovecot 2.3.19.1 knows" in i.message for i in config.read_issues)


def test_login_trusted_networks_is_said(tmp_path: Path) -> None:
    config = load(tmp_path, "protocols = imap\n" + CERT + "login_trusted_networks = 10.0.0.0/8\n")
    (issue,) = config.read_issues
    assert not issue.blocks_pass and "log in without TLS" in issue.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ssl_min_protocol = TLSv1.5\n", "expected ANY, SSLv3"),
        ("ssl = sometimes\n", "expected yes, no or required"),
        ("ssl_options = no_sslv3\n", "expected compression"),
        ("ssl_prefer_server_ciphers = maybe\n", "expected yes or no"),
    ],
)
def test_values_the_server_refuses_block(tmp_path: Path, text: str, expected: str) -> None:
    config = load(tmp_path, "protocols = imap\n" + CERT + text)
    (issue,) = config.read_issues
    assert issue.blocks_pass and expected in issue.message and issue.evidence.line == 4


def test_protocols_variable_expands_from_the_value_so_far(tmp_path: Path) -> None:
    config = load(tmp_path, "protocols = imap\nprotocols = $protocols pop3\n" + CERT, "2.4.4")
    assert {e.role for e in config.endpoints} == {"imap", "pop3"}


def test_2_4_upstream_example_protocols_list_and_ssl_server_block(tmp_path: Path) -> None:
    """doc/dovecot.conf.in at tag 2.4.4: ``protocols { imap = yes }`` and ``ssl_server {
    cert_file = ... }``, whose names take the block's prefix."""
    config = load(
        tmp_path,
        "dovecot_config_version = 2.4.0\n"
        "protocols {\n  imap = yes\n  lmtp = yes\n  pop3 = yes\n  pop3 = no\n}\n"
        "ssl_server {\n  cert_file = /etc/dovecot/ssl-cert.pem\n"
        "  key_file = /etc/dovecot/ssl-key.pem\n}\n",
        version="2.4.4",
    )
    assert config.read_issues == ()
    assert {e.role for e in config.endpoints} == {"imap"}
    certificate = by_name(config)["imap-login imaps 993"].certificate
    assert certificate is not None and certificate.value == "/etc/dovecot/ssl-cert.pem"
    assert certificate.evidence[0].line == 9
