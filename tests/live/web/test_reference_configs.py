"""The guide's web reference configs, run by the real server: static = live.

The renderer and the main configs around a site are proved on a site
written like a reference (HTTPS with HSTS, a plain site that redirects).
Each file under configs/Webservers/{nginx,Apache}/<version>/ is then run by
Debian 12's nginx or apache2 with deployment lines changed only, probed
like ``manifesto probe --http`` and ``--plain-http``, and compared rule by
rule with the checker's verdicts for the installed version. A reference
this server cannot run is refused with the words named below. The table
in docs/probe.md is this matrix (``--refresh-probe-results`` rewrites it).
"""

from __future__ import annotations

import ssl
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.skipping import skip_or_fail
from tls_manifesto.probe.http_check import probe_plain_http
from tls_manifesto.probe.results import ProbeError
from tls_manifesto.probe.scan import probe
from tls_manifesto.probe.target import resolve
from tls_manifesto.verdicts import Status, Verdict

from live.conftest import DH_FILE, make_live_folder
from live.deployment import free_port
from live.live_verdicts import LiveVerdict, system_openssl_refuses
from live.matrix_run import SharedFiles, make_shared_files
from live.matrix_table import Block, Cell, documented_table, make_cell, render_table, write_table
from live.server_process import RunningServer, ServerStartError, stop
from live.web.reference_configs import ReferenceConfig, reference_configs, write_reference
from live.web.shipped_configs import WebPlacement
from live.web.static import checker_servers, installed_version, static_verdicts
from live.web.web_live_verdicts import (
    COMPRESSION_RULE,
    HSTS_RULE,
    REDIRECT_RULE,
    WEB_RULE_IDS,
    web_live_verdicts,
)
from live.web.web_server_process import apache_program, nginx_program, start_apache, start_nginx

REFERENCE_BLOCK = Block("web-reference-matrix", "tests/live/web/test_reference_configs.py")
# References the installed server cannot run, and the words of its refusal.
REFUSED = {"nginx/reference-1.30/nginx.conf": 'unknown directive "http2"'}
REASONS = {
    "no-compression-in-openssl": (
        "Debian 12's OpenSSL 3 has no compression methods (Apache refuses `SSLCompression on`: "
        '"This version of OpenSSL does not have any compression methods available"), so no '
        "server here can compress, and the probe does not test compression; the static "
        "verdict stays on the config"
    ),
    "nginx-1.22-lacks-http2-directive": (
        "nginx 1.30's reference turns HTTP/2 on with the `http2` directive, which appeared in "
        "nginx 1.25.1 (https://nginx.org/en/docs/http/ngx_http_v2_module.html#http2); Debian "
        '12\'s nginx 1.22.1 stops at it (`unknown directive "http2"`), so this reference '
        "cannot run here. Its TLS lines are those of the 1.22 reference, which runs and agrees"
    ),
}
REFUSAL_REASON = {"nginx/reference-1.30/nginx.conf": "nginx-1.22-lacks-http2-directive"}
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


def _place(reference: ReferenceConfig, folder: Path, shared: SharedFiles) -> WebPlacement:
    certs = shared.certificate
    ports = {"http": free_port(), "https": free_port()}
    return WebPlacement(folder, ports, certs.certificate, certs.key)


def _start(reference: ReferenceConfig, where: WebPlacement, main: Path) -> RunningServer:
    if reference.server == "nginx":
        return start_nginx(main, where.tree, where.ports)
    return start_apache(main, where.tree, where.tree, where.ports)


def _observe(where: WebPlacement) -> dict[str, LiveVerdict]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        https = probe(resolve("127.0.0.1", where.ports["https"], 10), "tls", "localhost", 10, True)
        plain = probe_plain_http(resolve("127.0.0.1", where.ports["http"], 10), "localhost", 10)
    return web_live_verdicts(https, plain, {})


# In a whole main config also the pid, log and (on nginx's http line) temp paths.
MAIN_DEPLOYMENT_LINE = (*DEPLOYMENT_LINE, "pid ", "error_log", "access_log", "http {")


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
        where = _place(reference, folder / "run", shared)
        running = _start(reference, where, write_reference(reference, where, DH_FILE))
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


@dataclass(frozen=True)
class ReferenceRun:
    reference: ReferenceConfig
    rendered: Path  # the main config the server was started on
    static: dict[str, Verdict]  # the reference as written, judged as the installed version
    static_rendered: dict[str, Verdict]
    static_own_version: dict[str, Verdict]  # judged as the version of its folder
    live: dict[str, LiveVerdict]
    problem: str | None  # why nothing could be observed


@dataclass(frozen=True)
class ReferenceMatrix:
    runs: dict[str, ReferenceRun]
    cells: list[Cell]


def _run(
    reference: ReferenceConfig, where: WebPlacement, main: Path
) -> tuple[dict[str, LiveVerdict], str | None]:
    """What the server did on ``main``, and why nothing could be seen (None: it ran)."""
    try:
        running = _start(reference, where, main)
    except ServerStartError as error:
        why = f"did not start: {error}"
        return {r: LiveVerdict(r, "not-observed", why) for r in WEB_RULE_IDS}, why
    try:
        return _observe(where), None
    except ProbeError as error:
        return {r: LiveVerdict(r, "not-observed", str(error)) for r in WEB_RULE_IDS}, str(error)
    finally:
        stop(running)


@pytest.fixture(scope="module")
def matrix(shared: SharedFiles) -> Iterator[ReferenceMatrix]:
    references = reference_configs()
    servers = sorted({r.server for r in references})
    for server in servers:
        nginx_program() if server == "nginx" else apache_program()
        if not checker_servers(server):
            skip_or_fail(f"the checker has no {server} family: the static side is missing")
    with make_live_folder() as root:
        runs = {}
        for reference in references:
            where = _place(reference, root / reference.label.replace("/", "-"), shared)
            main = write_reference(reference, where, DH_FILE)
            runs[reference.label] = (reference, main, *_run(reference, where, main))
        paths = {s: [r.path for r in references if r.server == s] for s in servers}
        rendered = {s: [m for r, m, _, _ in runs.values() if r.server == s] for s in servers}
        static = static_verdicts({s: paths[s] + rendered[s] for s in servers})
        own = static_verdicts(paths, installed=False)
        done = {
            label: ReferenceRun(r, main, static[r.path], static[main], own[r.path], live, problem)
            for label, (r, main, live, problem) in runs.items()
        }
        certs = shared.certificate
        refuses = all(
            system_openssl_refuses(v, certs.certificate, certs.key)
            for v in (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1)
        )
        cells = [
            make_cell(label, run.static[rule], run.live[rule], refuses, _unobservable(run))
            for label, run in done.items()
            for rule in WEB_RULE_IDS
        ]
        yield ReferenceMatrix(done, cells)


def _unobservable(run: ReferenceRun) -> dict[tuple[str, str], str]:
    """Why a cell of ``run`` cannot be observed; a rule with nothing to judge needs none."""
    label = run.reference.label
    found = {(label, COMPRESSION_RULE): "no-compression-in-openssl"}
    if label in REFUSAL_REASON:
        found |= {
            (label, rule): REFUSAL_REASON[label]
            for rule, verdict in run.static.items()
            if verdict.status is not Status.NOT_APPLICABLE
        }
    return found


def test_every_reference_version_is_in_the_matrix(matrix: ReferenceMatrix) -> None:
    versions = {(r.server, r.version) for r in (run.reference for run in matrix.runs.values())}
    assert versions == {("nginx", "1.18"), ("nginx", "1.22"), ("nginx", "1.30"),
                        ("apache", "2.4.62"), ("apache", "2.4.71")}  # fmt: skip
    for run in matrix.runs.values():
        assert set(run.static) == set(WEB_RULE_IDS), run.reference.label


def test_the_server_runs_each_reference_but_the_ones_it_cannot(matrix: ReferenceMatrix) -> None:
    refused = {label: run.problem for label, run in matrix.runs.items() if run.problem}
    assert sorted(refused) == sorted(REFUSED), refused
    for label, words in REFUSED.items():
        assert words in str(refused[label]), refused[label]
    assert installed_version("nginx").startswith("1.22.")


def test_rendering_changes_deployment_lines_only_and_no_static_verdict(
    matrix: ReferenceMatrix,
) -> None:
    for run in matrix.runs.values():
        original = run.reference.path.read_text(encoding="utf-8").splitlines()
        rendered = run.rendered.read_text(encoding="utf-8").splitlines()
        assert len(rendered) == len(original)
        changed = [old for old, new in zip(original, rendered, strict=True) if old != new]
        assert all(old.strip().startswith(MAIN_DEPLOYMENT_LINE) for old in changed), changed
    changed = [
        f"{label} {rule}: {verdict.status} -> {run.static_rendered[rule].status}"
        for label, run in matrix.runs.items()
        for rule, verdict in run.static.items()
        if verdict.status != run.static_rendered[rule].status
    ]
    assert changed == []


def test_the_installed_version_judges_each_reference_as_its_own_version_does(
    matrix: ReferenceMatrix,
) -> None:
    # Every reference sets each value the rules read, so no default of a version differs.
    changed = [
        f"{label} {rule}: {verdict.status} as its version, {run.static[rule].status} as installed"
        for label, run in matrix.runs.items()
        for rule, verdict in run.static_own_version.items()
        if verdict.status != run.static[rule].status
    ]
    assert changed == []


def test_each_reference_config_agrees_live(matrix: ReferenceMatrix) -> None:
    disagreements = [c.message for c in matrix.cells if c.outcome == "disagree"]
    assert disagreements == [], "\n".join(disagreements)
    stale = [f"{c.config} {c.rule}" for c in matrix.cells
             if c.reason and c.outcome in ("agree", "not-applicable")]  # fmt: skip
    assert stale == [], "remove these reasons: " + ", ".join(stale)
    passed = {c.rule for c in matrix.cells if c.outcome == "agree" and c.live.status == "pass"}
    assert {"MF003", "MF004", "MF005", "MF007", "MF009", HSTS_RULE, REDIRECT_RULE} <= passed


def test_docs_show_the_reference_matrix(
    matrix: ReferenceMatrix, refresh_probe_results: bool
) -> None:
    edits = {
        label: "none (deployment lines only)" if label not in REFUSED else "none; does not run here"
        for label in matrix.runs
    }
    table = render_table(matrix.cells, WEB_RULE_IDS, edits, REASONS, REFERENCE_BLOCK)
    if refresh_probe_results:
        write_table(table, block=REFERENCE_BLOCK)
    assert documented_table(block=REFERENCE_BLOCK) == table, (
        "docs/probe.md shows another web reference matrix "
        "(run: pytest tests/live/web/test_reference_configs.py --refresh-probe-results)"
    )
