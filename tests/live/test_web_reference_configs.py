"""The guide's web reference configs, run by the real server: static = live.

The renderer and the main configs around a site are proved now on a
site written like a reference (HTTPS with HSTS, a plain site that
redirects); each file under configs/Webservers/{nginx,Apache}/<version>/
is compared rule by rule once it exists and the checker reads its family.
"""

from __future__ import annotations

import ssl
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from tls_manifesto.probe.http_check import probe_plain_http
from tls_manifesto.probe.scan import probe
from tls_manifesto.probe.target import resolve

from live.agreement_matrix import SharedFiles, make_shared_files
from live.conftest import DH_FILE, make_live_folder
from live.deployment import free_port
from live.live_verdicts import LiveVerdict, system_openssl_refuses
from live.matrix_table import make_cell
from live.server_process import RunningServer, stop
from live.web_live_verdicts import COMPRESSION_RULE, HSTS_RULE, REDIRECT_RULE, web_live_verdicts
from live.web_reference_configs import ReferenceConfig, reference_configs, write_reference
from live.web_server_process import apache_program, nginx_program, start_apache, start_nginx
from live.web_shipped_configs import WebPlacement
from live.web_static import checker_servers, static_verdicts

NGINX_SITE = """\
server {
\tlisten 80;
\tlisten [::]:80;
\treturn 301 https://$host$request_uri;
}
server {
\tlisten 443 ssl;
\tlisten [::]:443 ssl;
\tssl_certificate /etc/ssl/certs/example.org.pem;
\tssl_certificate_key /etc/ssl/private/example.org.key;
\tssl_dhparam /etc/ssl/dh2048.pem;
\tssl_protocols TLSv1.2 TLSv1.3;
\tssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM;
\tssl_prefer_server_ciphers on;
\tadd_header Strict-Transport-Security "max-age=31536000" always;
}
"""
APACHE_SITE = """\
<VirtualHost *:80>
\tRedirect permanent / https://localhost/
</VirtualHost>
<VirtualHost *:443>
\tSSLEngine on
\tSSLCertificateFile /etc/ssl/certs/example.org.pem
\tSSLCertificateKeyFile /etc/ssl/private/example.org.key
\tSSLProtocol -all +TLSv1.2 +TLSv1.3
\tSSLCipherSuite ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM
\tSSLHonorCipherOrder on
\tHeader always set Strict-Transport-Security "max-age=31536000"
</VirtualHost>
"""
SITES = {"nginx": NGINX_SITE, "apache": APACHE_SITE}
# Deployment lines the renderer may change in a reference: listen, paths of TLS files.
DEPLOYMENT_LINE = (
    "listen", "ssl_certificate", "ssl_dhparam", "<VirtualHost", "SSLCertificate", "Listen",
)  # fmt: skip


def _start(
    reference: ReferenceConfig, folder: Path, shared: SharedFiles
) -> tuple[WebPlacement, RunningServer]:
    certs = shared.certificate
    ports = {"http": free_port(), "https": free_port()}
    where = WebPlacement(folder, ports, certs.certificate, certs.key)
    main = write_reference(reference, where, DH_FILE)
    if reference.server == "nginx":
        return where, start_nginx(main, folder, ports)
    return where, start_apache(main, folder, folder, ports)


def _observe(where: WebPlacement) -> dict[str, LiveVerdict]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        https = probe(resolve("127.0.0.1", where.ports["https"], 10), "tls", "localhost", 10, True)
        plain = probe_plain_http(resolve("127.0.0.1", where.ports["http"], 10), "localhost", 10)
    return web_live_verdicts(https, plain, {})


@pytest.fixture(scope="module")
def shared() -> Iterator[SharedFiles]:
    with make_live_folder() as root:
        yield make_shared_files(root)


@pytest.mark.parametrize("server", ["nginx", "apache"])
def test_a_site_written_like_a_reference_runs_with_only_deployment_lines_changed(
    server: str, shared: SharedFiles
) -> None:
    nginx_program() if server == "nginx" else apache_program()
    with make_live_folder() as folder:
        source = folder / "source" / "site.conf"
        source.parent.mkdir()
        source.write_text(SITES[server], encoding="utf-8")
        reference = ReferenceConfig(server, "test", source)
        where, running = _start(reference, folder / "run", shared)
        try:
            verdicts = _observe(where)
        finally:
            stop(running)
        rendered = (where.tree / "site.conf").read_text().splitlines()
        original = SITES[server].splitlines()
        assert len(rendered) == len(original)
        changed = [old for old, new in zip(original, rendered, strict=True) if old != new]
        assert changed and all(old.strip().startswith(DEPLOYMENT_LINE) for old in changed)
        passed = {rule for rule, v in verdicts.items() if v.status == "pass"}
        assert {"MF003", "MF004", "MF005", "MF009", HSTS_RULE, REDIRECT_RULE} <= passed


@pytest.fixture(params=reference_configs() or [None], ids=lambda r: r.label if r else "none")
def reference(request: pytest.FixtureRequest) -> ReferenceConfig:
    if request.param is None:
        pytest.skip("no reference configs under configs/Webservers/{nginx,Apache}/ yet")
    return request.param


def test_each_reference_config_agrees_live(reference: ReferenceConfig, shared: SharedFiles) -> None:
    if not checker_servers(reference.server):
        pytest.skip(f"the checker has no {reference.server} family yet")
    nginx_program() if reference.server == "nginx" else apache_program()
    static = static_verdicts({reference.server: [reference.path]})[reference.path]
    with make_live_folder() as folder:
        where, running = _start(reference, folder, shared)
        try:
            live = _observe(where)
        finally:
            stop(running)
    certs = shared.certificate
    refuses = all(
        system_openssl_refuses(v, certs.certificate, certs.key)
        for v in (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1)
    )
    unobservable = {(reference.label, COMPRESSION_RULE): "no-compression-in-openssl"}
    cells = [
        make_cell(reference.label, static[rule], live[rule], refuses, unobservable)
        for rule in live
        if rule in static
    ]
    assert cells, f"the checker judged no rule of {reference.path}"
    disagreements = [c.message for c in cells if c.outcome == "disagree"]
    assert disagreements == [], "\n".join(disagreements)
