"""nginx server blocks -> web endpoints: inheritance as nginx merges, HSTS, redirects, profiles."""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import Endpoint, ServerConfig
from tls_manifesto.servers.nginx.profile import DEFAULT_CIPHERS, NO_DHE_WITHOUT_DHPARAM
from tls_manifesto.servers.versions import VersionOption


def _load(tmp_path: Path, text: str, version: str | None = None) -> ServerConfig:
    config = tmp_path / "nginx.conf"
    config.write_text(text, encoding="utf-8")
    option = VersionOption({"nginx": version}) if version else None
    return load_config(config, version=option)


def _by_name(config: ServerConfig) -> dict[str, Endpoint]:
    return {e.name: e for e in config.endpoints}


HTTP = """\
http {
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE+AESGCM;
    ssl_prefer_server_ciphers on;
    add_header Strict-Transport-Security "max-age=31536000" always;

    server {
        listen 80;
        server_name plain.example;
        return 301 https://$host$request_uri;
    }
    server {
        listen 443 ssl;
        listen [::]:443 ssl http2;
        server_name own.example;
        ssl_protocols TLSv1.3;
        ssl_certificate /etc/ssl/own.pem;
        ssl_ecdh_curve X25519:secp384r1;
        add_header X-Frame-Options DENY;
    }
}
"""


def test_server_values_win_over_http_ones_each_on_its_own(tmp_path: Path) -> None:
    config = _load(tmp_path, HTTP)
    endpoints = _by_name(config)
    assert list(endpoints) == [
        "server plain.example listen 80",
        "server own.example listen 443 ssl",
        "server own.example listen [::]:443 ssl http2",
    ]
    own = endpoints["server own.example listen 443 ssl"]
    assert own.direct_tls is not None and own.direct_tls.value
    assert own.port is not None and own.port.value == 443
    assert own.disabled_protocols is not None
    assert own.disabled_protocols.value == {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"}
    assert [e.line for e in own.disabled_protocols.evidence] == [16]  # the server's own line
    assert own.ciphers is not None and [e.line for e in own.ciphers.evidence] == [3]  # http's
    assert own.server_cipher_order is not None and own.server_cipher_order.value
    assert own.ecdh_curves is not None and own.ecdh_curves.value == ("X25519", "secp384r1")
    assert own.certificate is not None and own.certificate.value == "/etc/ssl/own.pem"


def test_one_add_header_in_a_server_drops_the_inherited_hsts_header(tmp_path: Path) -> None:
    own = _by_name(_load(tmp_path, HTTP))["server own.example listen 443 ssl"]
    assert own.hsts_max_age is None  # X-Frame-Options replaced every http-level header


def test_hsts_is_inherited_from_http_by_a_server_without_add_header(tmp_path: Path) -> None:
    text = HTTP.replace("        add_header X-Frame-Options DENY;\n", "")
    own = _by_name(_load(tmp_path, text))["server own.example listen 443 ssl"]
    assert own.hsts_max_age is not None and own.hsts_max_age.value == 31536000
    assert [e.line for e in own.hsts_max_age.evidence] == [5]


def test_the_main_locations_own_headers_decide_what_the_page_sends(tmp_path: Path) -> None:
    text = HTTP.replace(
        "        add_header X-Frame-Options DENY;\n",
        '        add_header Strict-Transport-Security "max-age=63072000";\n'
        "        location / {\n            add_header Cache-Control no-store;\n        }\n",
    )
    own = _by_name(_load(tmp_path, text))["server own.example listen 443 ssl"]
    assert own.hsts_max_age is None


def test_add_header_inherit_merge_keeps_the_parents_headers(tmp_path: Path) -> None:
    text = HTTP.replace(
        "        add_header X-Frame-Options DENY;\n",
        "        add_header X-Frame-Options DENY;\n        add_header_inherit merge;\n",
    )
    own = _by_name(_load(tmp_path, text))["server own.example listen 443 ssl"]
    assert own.hsts_max_age is not None and own.hsts_max_age.value == 31536000


def test_plain_sites_say_whether_they_redirect_to_https(tmp_path: Path) -> None:
    config = _load(tmp_path, HTTP)
    plain = _by_name(config)["server plain.example listen 80"]
    assert plain.direct_tls is not None and not plain.direct_tls.value
    assert plain.redirects_to_https is not None and plain.redirects_to_https.value
    assert [e.line for e in plain.redirects_to_https.evidence] == [10]
    assert plain.ciphers is None and plain.hsts_max_age is None

    serving = _load(tmp_path, HTTP.replace("return 301 https://$host$request_uri;", "root /srv;"))
    plain = _by_name(serving)["server plain.example listen 80"]
    assert plain.redirects_to_https is not None and not plain.redirects_to_https.value


def test_certbots_guarded_redirect_with_a_404_counts_as_redirecting(tmp_path: Path) -> None:
    text = (
        "http {\n    server {\n        if ($host = a.example) {\n"
        "            return 301 https://$host$request_uri;\n        }\n"
        "        listen 80;\n        server_name a.example;\n        return 404;\n    }\n}\n"
    )
    (plain,) = _load(tmp_path, text).endpoints
    assert plain.redirects_to_https is not None and plain.redirects_to_https.value
    assert [e.line for e in plain.redirects_to_https.evidence] == [3, 4, 8]


def test_ssl_on_makes_every_listen_of_its_server_tls_before_1_25_1(tmp_path: Path) -> None:
    text = "http {\n    ssl on;\n    server {\n        listen 443;\n    }\n}\n"
    config = _load(tmp_path, text, "1.22")
    (endpoint,) = config.endpoints
    assert endpoint.direct_tls is not None and endpoint.direct_tls.value
    assert [e.line for e in endpoint.direct_tls.evidence] == [2, 4]
    assert not config.read_issues

    newer = _load(tmp_path, text, "1.30")
    (issue,) = newer.read_issues
    assert issue.blocks_pass and issue.evidence.line == 2
    assert "removed in nginx 1.25.1" in issue.message


@pytest.mark.parametrize(
    ("text", "line", "message", "blocks"),
    [
        ("ssl_conf_command Options -ServerPreference;", 3, "does not interpret", True),
        ("more_set_headers 'Strict-Transport-Security: max-age=1';", 3, "unknown directive", True),
        ("ssl_protocolz TLSv1.2;", 3, 'unknown directive "ssl_protocolz"', True),
        ("lua_code_cache off;", 3, 'unknown directive "lua_code_cache"', False),
        ("ssl_protocols TLSv1.2;\n        ssl_protocols TLSv1.3;", 4, "is duplicate", True),
        ("ssl_protocols TLSv1.2 TLSv2;", 3, 'invalid value "TLSv2"', True),
        ("location / { ssl_ciphers HIGH; }", 3, "not allowed here", True),
    ],
)
def test_what_the_checker_does_not_read_is_named_at_its_line(
    tmp_path: Path, text: str, line: int, message: str, blocks: bool
) -> None:
    config = _load(
        tmp_path, f"http {{\n    server {{\n        {text}\n        listen 443 ssl;\n    }}\n}}\n"
    )
    (issue,) = config.read_issues
    assert (issue.evidence.line, issue.blocks_pass) == (line, blocks)
    assert message in issue.message


def test_data_blocks_are_not_read_as_directives(tmp_path: Path) -> None:
    text = (
        "http {\n    types { text/html html; }\n    map $a $b { default 0; x 1; }\n"
        "    server { listen 80; }\n}\nstream { server { listen 443 ssl; } }\n"
    )
    config = _load(tmp_path, text)
    (issue,) = config.read_issues  # only the stream proxy, named as not judged
    assert not issue.blocks_pass and "stream {}" in issue.message


@pytest.mark.parametrize(
    ("version", "series", "disabled"),
    [
        ("1.18", "nginx 1.18.0", {"SSLv2", "SSLv3", "TLSv1.3"}),
        ("1.22.1", "nginx 1.19.0-1.23.3", {"SSLv2", "SSLv3", "TLSv1.3"}),
        ("1.24.0", "nginx 1.23.4-1.27.2", {"SSLv2", "SSLv3"}),
        ("1.30", "nginx 1.27.3-1.30.4", {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"}),
    ],
)
def test_profiles_per_version_carry_the_cited_defaults(
    tmp_path: Path, version: str, series: str, disabled: set[str]
) -> None:
    profile = _load(tmp_path, "http { }\n", version).profile
    assert profile.release_series == series
    assert profile.default_disabled_protocols == disabled
    assert profile.default_ciphers == DEFAULT_CIPHERS == "HIGH:!aNULL:!MD5"
    assert profile.default_server_cipher_order is False
    assert profile.dhe_without_params == NO_DHE_WITHOUT_DHPARAM
    assert not profile.dhe_without_params.negotiates_dhe
    assert profile.default_tls_compression is False
    assert profile.sources and all(
        s.url.startswith("https://github.com/nginx/nginx/") for s in profile.sources
    )


def test_a_version_outside_the_table_has_no_defaults(tmp_path: Path) -> None:
    profile = _load(tmp_path, "http { }\n", "1.31.4").profile
    assert profile.unknown is not None and "not in the profile table" in profile.unknown
    assert profile.default_ciphers is None
    assert profile.default_disabled_protocols is None
    assert profile.default_server_cipher_order is None
    assert profile.dhe_without_params is None
    assert profile.default_tls_compression is None


def test_a_version_directory_in_the_path_selects_the_profile(tmp_path: Path) -> None:
    directory = tmp_path / "1.22"
    directory.mkdir()
    (directory / "nginx.conf").write_text("http { }\n", encoding="utf-8")
    config = load_config(directory / "nginx.conf")
    assert config.profile.version == "1.22"
    assert config.judged_version is not None and config.judged_version.origin == "path"


def test_server_version_option_selects_the_profile_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from tls_manifesto.cli.main import main

    config = tmp_path / "1.22" / "nginx.conf"  # the option wins over the path
    config.parent.mkdir()
    config.write_text("http {\n    server {\n        listen 443 ssl;\n    }\n}\n")
    main(["check", "--format", "json", "--server-version", "nginx=1.18", str(config)])
    version = json.loads(capsys.readouterr().out)["configs"][0]["version"]
    assert (version["version"], version["origin"]) == ("1.18", "option")
