"""An Apache config's virtual hosts as web endpoints: what each inherits from the main
server, the line that set each value, HSTS and redirects, and what the checker names."""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigError, Endpoint, ServerConfig

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"

GLOBAL_TLS = """\
Listen 80
Listen 443
SSLProtocol -all +TLSv1.2 +TLSv1.3
SSLCipherSuite ECDHE-RSA-AES128-GCM-SHA256
SSLHonorCipherOrder off
Header always set Strict-Transport-Security "max-age=300"
<VirtualHost *:80>
    ServerName www.example.org
    Redirect permanent / https://www.example.org/
</VirtualHost>
<VirtualHost *:443>
    ServerName www.example.org
    SSLEngine on
    SSLHonorCipherOrder on
    SSLCertificateFile /etc/ssl/www.pem
    Header always set Strict-Transport-Security "max-age=63072000; includeSubDomains"
</VirtualHost>
"""


def _load(tmp_path: Path, text: str, name: str = "apache2.conf") -> ServerConfig:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_config(path, version="2.4.71")


def _by_name(config: ServerConfig) -> dict[str, Endpoint]:
    return {e.name: e for e in config.endpoints}


def _lines(setting: object) -> list[int]:
    return [e.line for e in getattr(setting, "evidence", ())]


def test_a_virtual_host_inherits_what_it_leaves_unset_from_the_main_server(
    tmp_path: Path,
) -> None:
    https = _by_name(_load(tmp_path, GLOBAL_TLS))["VirtualHost *:443 (www.example.org)"]

    assert https.direct_tls is not None and https.direct_tls.value is True
    assert _lines(https.direct_tls) == [13]
    assert https.disabled_protocols is not None
    assert https.disabled_protocols.value == {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"}
    assert _lines(https.disabled_protocols) == [3]
    # httpd appends !aNULL:!eNULL:!EXP to every configured TLS 1.2 list.
    assert https.ciphers is not None
    assert https.ciphers.value == "ECDHE-RSA-AES128-GCM-SHA256:!aNULL:!eNULL:!EXP"
    assert _lines(https.ciphers) == [4]
    # The virtual host's own value wins over the main server's.
    assert https.server_cipher_order is not None and https.server_cipher_order.value is True
    assert _lines(https.server_cipher_order) == [14]
    assert https.certificate is not None and _lines(https.certificate) == [15]
    # Headers apply main server first, then the virtual host: its own set is the last.
    assert https.hsts_max_age is not None and https.hsts_max_age.value == 63072000
    assert _lines(https.hsts_max_age) == [16]


def test_a_plain_site_redirecting_every_request_to_https_says_so_at_its_line(
    tmp_path: Path,
) -> None:
    plain = _by_name(_load(tmp_path, GLOBAL_TLS))["VirtualHost *:80 (www.example.org)"]

    assert plain.direct_tls is not None and plain.direct_tls.value is False
    assert plain.redirects_to_https is not None and plain.redirects_to_https.value is True
    assert _lines(plain.redirects_to_https) == [9]
    assert plain.ciphers is None  # a plain site carries no TLS settings


@pytest.mark.parametrize(
    ("lines", "redirects"),
    [
        ("RedirectPermanent / https://example.org/", True),
        ("Redirect 301 / https://example.org/", True),
        ("Redirect / https://example.org/", True),
        ("RedirectMatch permanent ^/?(.*)$ https://example.org/$1", True),
        ("Redirect permanent /old https://example.org/", False),
        ("Redirect permanent / http://example.org/", False),
        ("RewriteEngine on\n"
         "    RewriteRule ^ https://%{SERVER_NAME}%{REQUEST_URI} [END,NE,R=permanent]", True),
        ("RewriteRule ^ https://%{SERVER_NAME}%{REQUEST_URI} [R=301]", False),  # engine off
        ("RewriteEngine on\n    RewriteCond %{SERVER_NAME} =example.org\n"
         "    RewriteRule ^ https://%{SERVER_NAME}%{REQUEST_URI} [R=301]", False),
    ],
)  # fmt: skip
def test_redirect_forms(tmp_path: Path, lines: str, redirects: bool) -> None:
    text = f"Listen 80\n<VirtualHost *:80>\n    {lines}\n</VirtualHost>\n"
    (endpoint,) = _load(tmp_path, text).endpoints
    found = endpoint.redirects_to_https
    assert (found is not None and found.value) is redirects


def test_a_conditional_rewrite_redirect_is_named(tmp_path: Path) -> None:
    text = (
        "Listen 80\n<VirtualHost *:80>\nRewriteEngine on\nRewriteCond %{HTTPS} off\n"
        "RewriteRule ^(.*)$ https://%{HTTP_HOST}$1 [R=301,L]\n</VirtualHost>\n"
    )
    (issue,) = _load(tmp_path, text).read_issues
    assert issue.evidence.line == 5 and not issue.blocks_pass


def test_an_hsts_header_removed_in_the_virtual_host_is_not_sent(tmp_path: Path) -> None:
    text = GLOBAL_TLS.replace(
        '    Header always set Strict-Transport-Security "max-age=63072000; includeSubDomains"\n',
        "    Header always unset Strict-Transport-Security\n",
    )
    https = _by_name(_load(tmp_path, text))["VirtualHost *:443 (www.example.org)"]
    assert https.hsts_max_age is None


def test_the_main_server_inherited_hsts_applies_when_the_host_sets_none(tmp_path: Path) -> None:
    text = GLOBAL_TLS.replace(
        '    Header always set Strict-Transport-Security "max-age=63072000; includeSubDomains"\n',
        "",
    )
    https = _by_name(_load(tmp_path, text))["VirtualHost *:443 (www.example.org)"]
    assert https.hsts_max_age is not None and https.hsts_max_age.value == 300
    assert _lines(https.hsts_max_age) == [6]


@pytest.mark.parametrize(
    ("protocols", "disabled"),
    [
        ("all -SSLv3", {"SSLv2", "SSLv3"}),
        ("TLSv1.2", {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.3"}),
        # No holes: the range runs down from the highest version named while it is named.
        ("+TLSv1 +TLSv1.2", {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.3"}),
        ("TLSv1 +TLSv1.3", {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"}),
        ("all -TLSv1 -TLSv1.1 -SSLv3", {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"}),
        ("-SSLv2 +TLSv1.3", {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"}),
    ],
)
def test_ssl_protocol_as_httpd_reads_it(tmp_path: Path, protocols: str, disabled: set[str]) -> None:
    text = (
        f"Listen 443\n<VirtualHost *:443>\nSSLEngine on\nSSLProtocol {protocols}\n</VirtualHost>\n"
    )
    (endpoint,) = _load(tmp_path, text).endpoints
    assert endpoint.disabled_protocols is not None
    assert endpoint.disabled_protocols.value == disabled


@pytest.mark.parametrize(
    "line", ["SSLProtocol +SSLv2", "SSLProtocol TLSv9", 'SSLProtocol ""', "SSLEngine yes"]
)
def test_values_httpd_refuses_stop_the_check_at_their_line(tmp_path: Path, line: str) -> None:
    with pytest.raises(ConfigError) as raised:
        _load(tmp_path, f"Listen 443\n<VirtualHost *:443>\n{line}\n</VirtualHost>\n")
    assert raised.value.line == 3 and "httpd refuses" in raised.value.message


def test_a_listen_socket_no_virtual_host_answers_is_the_main_server(tmp_path: Path) -> None:
    text = "Listen 8443 https\nSSLEngine on\nSSLCertificateFile /etc/ssl/a.pem\n"
    (endpoint,) = _load(tmp_path, text).endpoints
    assert endpoint.name == "main server (Listen 8443)"
    assert endpoint.direct_tls is not None and endpoint.direct_tls.value is True
    assert endpoint.port is not None and endpoint.port.value == 8443


def test_an_https_socket_with_a_certificate_turns_tls_on_without_ssl_engine(
    tmp_path: Path,
) -> None:
    # httpd 2.4.62 ssl_init_Module: SSLEngine unset, protocol https, a certificate: on.
    text = "Listen 443\n<VirtualHost *:443>\nSSLCertificateFile /etc/ssl/a.pem\n</VirtualHost>\n"
    (endpoint,) = _load(tmp_path, text).endpoints
    assert endpoint.direct_tls is not None and endpoint.direct_tls.value is True
    assert _lines(endpoint.direct_tls) == [1, 3]


def test_a_port_80_site_without_ssl_engine_is_plain(tmp_path: Path) -> None:
    text = "Listen 80\n<VirtualHost *:80>\nSSLCertificateFile /etc/ssl/a.pem\n</VirtualHost>\n"
    (endpoint,) = _load(tmp_path, text).endpoints
    assert endpoint.direct_tls is not None and endpoint.direct_tls.value is False


def test_ssl_openssl_conf_cmd_dh_parameters_and_groups_are_read(tmp_path: Path) -> None:
    text = (
        "Listen 443\n<VirtualHost *:443>\nSSLEngine on\n"
        "SSLOpenSSLConfCmd DHParameters dh2048.pem\nSSLOpenSSLConfCmd Groups X25519:secp384r1\n"
        "</VirtualHost>\n"
    )
    config = _load(tmp_path, text)
    (endpoint,) = config.endpoints
    assert endpoint.dh_params_file is not None and endpoint.dh_params_file.value == "dh2048.pem"
    # What httpd may run instead (its automatic group) is said at the line, as a warning.
    (note,) = config.read_issues
    assert note.evidence.line == 4 and not note.blocks_pass
    assert endpoint.ecdh_curves is not None
    assert endpoint.ecdh_curves.value == ("X25519", "secp384r1")


def test_dh_parameters_appended_to_the_certificate_file_are_its_dh_file(tmp_path: Path) -> None:
    pem = "-----BEGIN CERTIFICATE-----\nMII=\n-----END CERTIFICATE-----\n"
    (tmp_path / "site.pem").write_text(
        pem + "-----BEGIN DH PARAMETERS-----\nMII=\n-----END DH PARAMETERS-----\n"
    )
    text = (
        "Listen 443\n<VirtualHost *:443>\nSSLEngine on\nSSLCertificateFile /etc/ssl/site.pem\n"
        "</VirtualHost>\n"
    )
    (endpoint,) = _load(tmp_path, text).endpoints
    assert endpoint.dh_params_file is not None
    assert endpoint.dh_params_file.value == "/etc/ssl/site.pem"
    assert _lines(endpoint.dh_params_file) == [4]


def test_dh_parameters_in_a_certificate_file_elsewhere_on_this_machine_are_measured(
    tmp_path: Path,
) -> None:
    # As the loader measures a DH file (tls/dh_files.py): the absolute path as written
    # first. A certificate file outside the config's folder was missed before, and the
    # site judged by httpd's automatic group although the file names a 1024-bit one.
    pem = "-----BEGIN CERTIFICATE-----\nMII=\n-----END CERTIFICATE-----\n"
    certificate = tmp_path / "elsewhere" / "site.pem"
    certificate.parent.mkdir()
    certificate.write_text(pem + (FIXTURES / "rules" / "MF006" / "dh1024.pem").read_text())
    (tmp_path / "config").mkdir()
    text = (
        f"Listen 443\n<VirtualHost *:443>\nSSLEngine on\nSSLCertificateFile {certificate}\n"
        "</VirtualHost>\n"
    )
    (endpoint,) = _load(tmp_path / "config", text).endpoints
    assert endpoint.dh_params_file is not None
    assert endpoint.dh_params_file.value == str(certificate)
    assert endpoint.dh_params is not None and endpoint.dh_params.prime_bits == 1024


@pytest.mark.parametrize(
    ("line", "blocks"),
    [
        ("SSLOpenSSLConfCmd MinProtocol TLSv1", True),
        ("SSLInsecureRenegotiation on", True),
        ("TLSProtocol TLSv1.2+", True),
        ("MDomain example.org", True),
        ("GnuTLSEnable on", True),
        ("PhpAdminValue x y", False),
    ],
)
def test_directives_the_checker_does_not_read_are_named_at_their_line(
    tmp_path: Path, line: str, blocks: bool
) -> None:
    text = f"Listen 443\n<VirtualHost *:443>\nSSLEngine on\n{line}\n</VirtualHost>\n"
    (issue,) = _load(tmp_path, text).read_issues
    assert (issue.evidence.line, issue.blocks_pass) == (4, blocks)
    assert line.split()[0] in issue.message


def test_known_directives_and_per_directory_ssl_options_are_not_named(tmp_path: Path) -> None:
    text = (
        "Listen 443\nServerTokens Prod\n<VirtualHost *:443>\nSSLEngine on\nDocumentRoot /var/www\n"
        "SSLCertificateKeyFile /etc/ssl/a.key\n<Directory /var/www>\nSSLOptions +StdEnvVars\n"
        "Require all granted\n</Directory>\n</VirtualHost>\n"
    )
    assert _load(tmp_path, text).read_issues == ()


def test_if_module_is_taken_and_its_negation_is_not(tmp_path: Path) -> None:
    text = (
        "Listen 443\n<VirtualHost *:443>\n<IfModule mod_ssl.c>\nSSLEngine on\n</IfModule>\n"
        "<IfModule !mod_ssl.c>\nSSLProtocol all\n</IfModule>\n</VirtualHost>\n"
    )
    (endpoint,) = _load(tmp_path, text).endpoints
    assert endpoint.direct_tls is not None and endpoint.direct_tls.value is True
    assert endpoint.disabled_protocols is None


def test_define_values_replace_variables_and_decide_if_define(tmp_path: Path) -> None:
    text = (
        "Define TLS\nDefine PROTOCOLS TLSv1.3\nListen 443\n<VirtualHost *:443>\n"
        "<IfDefine TLS>\nSSLEngine on\n</IfDefine>\nSSLProtocol ${PROTOCOLS}\n</VirtualHost>\n"
    )
    (endpoint,) = _load(tmp_path, text).endpoints
    assert endpoint.direct_tls is not None and endpoint.direct_tls.value is True
    assert endpoint.disabled_protocols is not None
    assert "TLSv1.2" in endpoint.disabled_protocols.value


def test_a_virtual_host_with_two_addresses_is_two_endpoints(tmp_path: Path) -> None:
    text = "Listen 443\nListen 8443\n<VirtualHost *:443 *:8443>\nSSLEngine on\n</VirtualHost>\n"
    assert [e.name for e in _load(tmp_path, text).endpoints] == [
        "VirtualHost *:443", "VirtualHost *:8443",
    ]  # fmt: skip


def test_a_virtual_host_inside_another_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        _load(tmp_path, "<VirtualHost *:80>\n<VirtualHost *:81>\n</VirtualHost>\n</VirtualHost>\n")
    assert raised.value.line == 2


def test_a_named_host_without_ssl_protocol_keeps_the_first_hosts_range(tmp_path: Path) -> None:
    # ssl_find_vhost switches the protocol range after SNI only when SSLProtocol is set
    # for the named host; the connection began with the first host's context.
    text = (
        "Listen 443\n<VirtualHost *:443>\nServerName a\nSSLEngine on\nSSLProtocol TLSv1.3\n"
        "</VirtualHost>\n<VirtualHost *:443>\nServerName b\nSSLEngine on\n</VirtualHost>\n"
    )
    first, named = _load(tmp_path, text).endpoints
    assert named.disabled_protocols is not None and first.disabled_protocols is not None
    assert named.disabled_protocols.value == first.disabled_protocols.value
    assert _lines(named.disabled_protocols) == [5]
