"""Static = live for web servers: Debian's nginx and Apache, TLS enabled as shipped, and variants.

Each config of shipped_configs.py is started once (nginx or apache2
as root on 127.0.0.1 and ::1, free ports, everything it writes in a temp
folder, stopped by PID); its HTTPS port is probed like ``manifesto probe
--http`` (TLS, and the HSTS header of ``GET /``) and its plain port like
``--plain-http`` (the redirect). The live facts the issue lists are
tested by name. Where the checker reads the server's family, each rule's
static verdict is compared with the live one: a cell that cannot be
observed here names its reason below; any other disagreement fails. The
table in docs/probe.md is this matrix (``--refresh-probe-results``
rewrites it).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.skipping import skip_or_fail
from tls_manifesto.verdicts import Verdict

from live.conftest import make_live_folder
from live.live_verdicts import system_openssl_refuses
from live.matrix_run import make_shared_files
from live.matrix_table import (
    Block,
    Cell,
    documented_table,
    live_only_cell,
    make_cell,
    render_table,
    write_table,
)
from live.web.matrix import PreparedWeb, WebRun, prepare, run_all_live
from live.web.shipped_configs import APACHE_ETC, NGINX_ETC, WEB_CONFIGS
from live.web.static import checker_servers, static_verdicts
from live.web.web_live_verdicts import (
    AEAD_RULE,
    COMPRESSION_RULE,
    HSTS_RULE,
    REDIRECT_RULE,
    WEB_RULE_IDS,
)
from live.web.web_server_process import apache_program, nginx_program

WEB_BLOCK = Block("web-agreement-matrix", "tests/live/web/test_agreement_matrix.py")
# Configs the server refuses to run, and the words of its refusal.
REFUSED = {
    "nginx/debian+dh1024": "dh key too small",
    "apache/debian+dh1024": "dh key too small",
    "apache/debian+compression": "does not have any compression methods available",
}
REASONS = {
    "openssl-seclevel": (
        "Debian 12's OpenSSL 3, which nginx and Apache link, runs at security level 2: it "
        "refuses TLS 1.0 and 1.1 (SHA-1 handshake signatures) whatever `ssl_protocols` or "
        "`SSLProtocol` enable, so the server is stricter than its config (Debian's nginx.conf "
        "enables TLSv1 and TLSv1.1, Debian's ssl.conf `all -SSLv3`); the static verdict stays on "
        "the config"
    ),
    "server-refuses-config": (
        "the server does not start on this config, so nothing can be observed: with a 1024-bit "
        'DH group nginx 1.22 and Apache 2.4 (`SSLOpenSSLConfCmd DHParameters`) stop with "dh key '
        'too small" (OpenSSL 3 at security level 2), and Apache refuses `SSLCompression on` '
        '("This version of OpenSSL does not have any compression methods available")'
    ),
    "no-compression-in-openssl": (
        "Debian 12's OpenSSL 3 has no compression methods (Apache says so when asked for "
        "`SSLCompression on`), so no server here can compress, and the probe does not test "
        "compression; the static verdict stays on the config"
    ),
    "openssl-drops-weak-dh-in-certificate": (
        "the 1024-bit group appended to the `SSLCertificateFile` is never served: mod_ssl "
        "hands it to OpenSSL 3 (`SSL_CTX_set0_tmp_dh_pkey`), which refuses a group below its "
        'security level 2 as it does for `SSLOpenSSLConfCmd DHParameters` ("dh key too '
        "small\"), and mod_ssl then ignores the failure, logs nothing and enables OpenSSL's "
        "automatic group (httpd 2.4.62 modules/ssl/ssl_engine_init.c ssl_init_server_certs, "
        "https://github.com/apache/httpd/blob/2.4.62/modules/ssl/ssl_engine_init.c#L1555-L1578"
        "): the server offers the 2048-bit RFC 3526 group instead; the static verdict stays "
        "on the config"
    ),
}
TLS_BEFORE_1_2_ENABLED = [c.label for c in WEB_CONFIGS if c.name != "debian+tls12-only"]
# MF007 judges a configured curve list and Debian's files set none: not applicable, with
# or without a running server, so no reason is needed for it.
JUDGED_WHEN_RUNNING = tuple(rule for rule in WEB_RULE_IDS if rule != "MF007")
UNOBSERVABLE: dict[tuple[str, str], str] = {
    **{(label, "MF004"): "openssl-seclevel" for label in TLS_BEFORE_1_2_ENABLED},
    **{(c.label, COMPRESSION_RULE): "no-compression-in-openssl" for c in WEB_CONFIGS},
    ("apache/debian+dh1024-in-certificate", "MF006"): "openssl-drops-weak-dh-in-certificate",
    **{(label, rule): "server-refuses-config" for label in REFUSED for rule in JUDGED_WHEN_RUNNING},
}


@dataclass(frozen=True)
class WebMatrix:
    prepared: list[PreparedWeb]
    static: dict[Path, dict[str, Verdict]]
    live: dict[str, WebRun]
    cells: list[Cell]
    system_refuses_obsolete: bool


def _require_servers() -> None:
    nginx_program()
    apache_program()
    for path in (NGINX_ETC / "nginx.conf", APACHE_ETC / "apache2.conf"):
        if not path.exists():
            skip_or_fail(f"{path} not found: install the Debian package '{path.parent.name}'")


@pytest.fixture(scope="module")
def matrix() -> Iterator[WebMatrix]:
    _require_servers()
    with make_live_folder() as root:
        shared = make_shared_files(root)
        prepared = [prepare(config, root, shared) for config in WEB_CONFIGS]
        by_server: dict[str, list[Path]] = {}
        for p in prepared:
            by_server.setdefault(p.config.server, []).extend((p.placed, p.adapted))
        static = static_verdicts(by_server)
        live = run_all_live(prepared)
        certs = shared.certificate
        refuses = all(
            system_openssl_refuses(v, certs.certificate, certs.key)
            for v in (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1)
        )
        cells = [
            _cell(p, rule, static[p.adapted].get(rule), live[p.config.label], refuses)
            for p in prepared
            for rule in WEB_RULE_IDS
        ]
        yield WebMatrix(prepared, static, live, cells, refuses)


def _cell(p: PreparedWeb, rule: str, static: Verdict | None, run: WebRun, refuses: bool) -> Cell:
    live = run.verdicts[rule]
    if static is None:
        return live_only_cell(p.config.label, live, UNOBSERVABLE)
    return make_cell(p.config.label, static, live, refuses, UNOBSERVABLE)


def _status(matrix: WebMatrix, label: str, rule: str) -> str:
    return matrix.live[label].verdicts[rule].status


def test_each_server_runs_every_config_but_the_ones_it_refuses(matrix: WebMatrix) -> None:
    refused = {label: run.log for label, run in matrix.live.items() if run.problem}
    assert sorted(refused) == sorted(REFUSED), {k: v[-400:] for k, v in refused.items()}
    for label, words in REFUSED.items():
        assert words in refused[label], refused[label][-800:]


def test_configured_tls_1_0_is_not_served_under_openssl_security_level_2(
    matrix: WebMatrix,
) -> None:
    assert matrix.system_refuses_obsolete
    for label in ("nginx/debian", "apache/debian"):
        https = matrix.live[label].https
        assert https is not None
        assert set(https.accepted_versions) == {"TLSv1.2", "TLSv1.3"}, label


def test_apache_serves_a_2048_bit_group_for_a_1024_bit_one_in_the_certificate_file(
    matrix: WebMatrix,
) -> None:
    https = matrix.live["apache/debian+dh1024-in-certificate"].https
    assert https is not None
    assert https.smallest_group("DH") == 2048
    # Silently: mod_ssl logs nothing about the group, only the usual AH01909 (the test
    # certificate does not name the server) and its start and stop notices.
    log = matrix.live["apache/debian+dh1024-in-certificate"].log.splitlines()
    ssl_complaints = [line for line in log if "[ssl:" in line and "AH01909" not in line]
    assert ssl_complaints == []


@pytest.mark.parametrize("server", ["nginx", "apache"])
def test_each_edit_shows_live(matrix: WebMatrix, server: str) -> None:
    shipped = f"{server}/debian"
    expected = {
        (shipped, HSTS_RULE): "fail",
        (shipped, REDIRECT_RULE): "fail",
        (shipped, "MF003"): "fail",
        (shipped, AEAD_RULE): "fail",
        (f"{shipped}+hsts", HSTS_RULE): "pass",
        (f"{shipped}+hsts-short", HSTS_RULE): "fail",
        (f"{shipped}+redirect", REDIRECT_RULE): "pass",
        (f"{shipped}+fs-ciphers", "MF003"): "pass",
        (f"{shipped}+weak-ciphers", "MF003"): "fail",
    }
    found = {key: _status(matrix, *key) for key in expected}
    assert found == expected
    short = matrix.live[f"{shipped}+hsts-short"].https
    assert short is not None and short.http is not None and short.http.hsts_max_age == 86400


def test_server_order_is_what_each_server_is_told(matrix: WebMatrix) -> None:
    # nginx: Debian's nginx.conf sets ssl_prefer_server_ciphers on; Apache's
    # SSLHonorCipherOrder is off unless set (mod_ssl docs, 2.4).
    assert _status(matrix, "nginx/debian", "MF005") == "pass"
    assert _status(matrix, "nginx/debian+server-order-off", "MF005") == "fail"
    assert _status(matrix, "apache/debian", "MF005") == "fail"
    assert _status(matrix, "apache/debian+server-order-on", "MF005") == "pass"


def _static_or_skip(matrix: WebMatrix, server: str) -> None:
    if not checker_servers(server):
        skip_or_fail(f"the checker has no {server} family: the static side cannot be compared")


@pytest.mark.parametrize("server", ["nginx", "apache"])
def test_adaptation_changes_no_static_verdict(matrix: WebMatrix, server: str) -> None:
    _static_or_skip(matrix, server)
    changed = [
        f"{p.config.label} {rule}: {before.status} -> {matrix.static[p.adapted][rule].status}"
        for p in matrix.prepared
        if p.config.server == server
        for rule, before in matrix.static[p.placed].items()
        if before.status != matrix.static[p.adapted][rule].status
    ]
    assert changed == []


@pytest.mark.parametrize("server", ["nginx", "apache"])
def test_static_and_live_agree_or_the_cell_is_explained(matrix: WebMatrix, server: str) -> None:
    _static_or_skip(matrix, server)
    cells = [c for c in matrix.cells if c.config.startswith(f"{server}/")]
    assert any(c.static is not None for c in cells), "the checker judged none of the configs"
    disagreements = [c.message for c in cells if c.outcome == "disagree"]
    assert disagreements == [], "\n".join(disagreements)


def test_no_explained_cell_agrees_after_all(matrix: WebMatrix) -> None:
    stale = [
        f"{c.config} {c.rule}: {c.message}"
        for c in matrix.cells
        if c.reason and c.outcome in ("agree", "not-applicable")
    ]
    assert stale == [], "remove from UNOBSERVABLE:\n" + "\n".join(stale)


def test_docs_show_this_matrix(matrix: WebMatrix, refresh_probe_results: bool) -> None:
    edits = {p.config.label: p.config.what for p in matrix.prepared}
    table = render_table(matrix.cells, WEB_RULE_IDS, edits, REASONS, WEB_BLOCK)
    if refresh_probe_results:
        write_table(table, block=WEB_BLOCK)
    assert documented_table(block=WEB_BLOCK) == table, (
        "docs/probe.md shows another web agreement matrix "
        "(run: pytest tests/live/web/test_agreement_matrix.py --refresh-probe-results)"
    )
