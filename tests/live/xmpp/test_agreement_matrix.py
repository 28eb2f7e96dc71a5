"""Static = live on configs nobody here wrote: Debian's installed files and one-edit variants.

For every config in shipped_configs.py and every rule, the static verdict
(``manifesto check --format json``) is compared with what the server,
started on 127.0.0.1, did under ``manifesto probe``'s checks (STARTTLS
required, SASL before TLS, versions and suites accepted, DHE group,
server order, certificate) and a web-admin request. Each server starts
once per config; several configs run at once. A cell that cannot be
observed on this machine is listed below with its reason; any other
disagreement fails, and so does a listed cell that agrees after all.
The table in docs/probe.md is this matrix (``--refresh-probe-results``
rewrites it).
"""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.skipping import require_program, skip_or_fail

from live.conftest import make_live_folder
from live.live_verdicts import system_openssl_refuses
from live.matrix_run import LiveRun, make_shared_files, static_verdicts
from live.matrix_table import Cell, documented_table, make_cell, render_table, write_table
from live.probe_records import BUILD_PROBE_DIR
from live.xmpp.agreement_matrix import SERVER_VERSIONS, PreparedConfig, prepare, run_all_live
from live.xmpp.scenario import RULE_IDS
from live.xmpp.shipped_configs import ADAPTATION_NAMES, CONFIGS, SHIPPED

# Why a cell cannot be observed here, by name (the docs table cites the name).
REASONS = {
    "no-compression-probe": (
        "the probe does not offer TLS compression, and Debian 12's OpenSSL 3 has no "
        "compression methods (`SSL_COMP_get_compression_methods` is empty), so no server "
        "linking it can compress whatever its config says; the static verdict stays on the "
        "config"
    ),
    "openssl-seclevel": (
        "Debian 12's OpenSSL 3, which both servers link, runs at security level 2: it refuses "
        "TLS 1.0 and 1.1 (SHA-1 handshake signatures) and DH groups under 2048 bits whatever "
        "the config allows, so the server is stricter than its config; the static verdict "
        "stays on the config"
    ),
    "openssl-no-ssl3": (
        "Debian 12's OpenSSL 3 is built without SSLv3 (`openssl s_client -ssl3`: unknown "
        "option), so the server cannot accept it whatever its options say; the static verdict "
        "stays on the config, which leaves SSLv3 enabled"
    ),
    "no-tls-context": (
        "the server offers STARTTLS but no handshake completes, so nothing TLS shows can be "
        "observed on that endpoint: ejabberd refuses `<starttls/>` on a listener without a "
        'certificate ("No certificate found matching localhost") or with a 1024-bit dhfile '
        '("Setting DH parameters failed: ... dh key too small", OpenSSL 3 at security level '
        '2); Prosody without a certificate fails every handshake ("No certificate present in '
        'SSL/TLS configuration"). MF009 counts it as no certificate served'
    ),
}
UNOBSERVABLE: dict[tuple[str, str], str] = {
    **{(config.label, "MF010"): "no-compression-probe" for config in CONFIGS},
    ("ejabberd/debian+tlsv1-plus", "MF004"): "openssl-seclevel",
    ("ejabberd/debian+upper-case-no-sslv3", "MF004"): "openssl-no-ssl3",
    ("ejabberd/debian+dh1024", "MF001"): "no-tls-context",
    ("ejabberd/debian+dh1024", "MF009"): "no-tls-context",
    **{
        ("ejabberd/debian+no-certificate", rule): "no-tls-context"
        for rule in ("MF001", "MF002", "MF003", "MF004", "MF005", "MF006", "MF008")
    },
    ("prosody/debian+dh1024", "MF006"): "openssl-seclevel",
    ("prosody/debian+tls-profile-old", "MF004"): "openssl-seclevel",
    ("prosody/debian+tlsv1-plus", "MF004"): "openssl-seclevel",
    **{
        ("prosody/debian+no-certificate", rule): "no-tls-context"
        for rule in ("MF001", "MF002", "MF003", "MF004", "MF005")
    },
}


@dataclass(frozen=True)
class Matrix:
    prepared: list[PreparedConfig]
    static: dict[Path, dict[str, object]]
    live: dict[str, LiveRun]
    cells: list[Cell]
    seconds: float


def _require_shipped_servers() -> None:
    require_program("ejabberdctl", "ejabberd")
    require_program("prosody", "prosody")
    for server, path in SHIPPED.items():
        if not path.exists():
            skip_or_fail(f"{path} not found: install the Debian package '{server}'")


@pytest.fixture(scope="module")
def matrix() -> Iterator[Matrix]:
    _require_shipped_servers()
    with make_live_folder() as root:
        start = time.monotonic()
        shared = make_shared_files(root)
        prepared = [prepare(config, root, shared) for config in CONFIGS]
        paths = [p.unadapted for p in prepared] + [p.adapted for p in prepared]
        static = static_verdicts(paths, SERVER_VERSIONS)
        live = run_all_live(prepared)
        certs = shared.certificate
        refuses = all(
            system_openssl_refuses(v, certs.certificate, certs.key)
            for v in (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1)
        )
        cells = [
            make_cell(
                p.config.label,
                static[p.adapted][rule],
                live[p.config.label].verdicts[rule],
                refuses,
                UNOBSERVABLE,
            )
            for p in prepared
            for rule in RULE_IDS
        ]
        seconds = time.monotonic() - start
        _report_time(prepared, live, seconds)
        yield Matrix(prepared, static, live, cells, seconds)  # type: ignore[arg-type]


def _report_time(prepared: list[PreparedConfig], live: dict[str, LiveRun], seconds: float) -> None:
    """Print the matrix's time and keep it beside the probe output (build/probe/)."""
    per_config = {p.config.label: round(live[p.config.label].seconds, 1) for p in prepared}
    print(f"\nagreement matrix: {len(prepared)} configs in {seconds:.0f} s")
    BUILD_PROBE_DIR.mkdir(parents=True, exist_ok=True)
    (BUILD_PROBE_DIR / "agreement-matrix-time.json").write_text(
        json.dumps({"total_seconds": round(seconds, 1), "per_config": per_config}, indent=2)
    )


def test_adaptation_changes_no_static_verdict(matrix: Matrix) -> None:
    changed = []
    for p in matrix.prepared:
        before, after = matrix.static[p.unadapted], matrix.static[p.adapted]
        assert set(before) == set(after) == set(RULE_IDS), p.config.label
        allowed = ADAPTATION_NAMES[p.config.server]
        changed += [
            f"{p.config.label} {rule}: {before[rule].status} -> {after[rule].status}"  # type: ignore[attr-defined]
            for rule in RULE_IDS
            if rule not in allowed and before[rule].status != after[rule].status  # type: ignore[attr-defined]
        ]
    assert changed == []


def test_every_server_started_on_its_config(matrix: Matrix) -> None:
    problems = {label: run.problem for label, run in matrix.live.items() if run.problem}
    assert not [p for p in problems.values() if p.startswith("did not start")], problems


def test_static_and_live_agree_or_the_cell_is_explained(matrix: Matrix) -> None:
    disagreements = [c.message for c in matrix.cells if c.outcome == "disagree"]
    assert disagreements == [], "\n".join(disagreements)


def test_no_explained_cell_agrees_after_all(matrix: Matrix) -> None:
    stale = [
        f"{c.config} {c.rule}: {c.message}"
        for c in matrix.cells
        if c.reason and c.outcome != "cannot-observe"
    ]
    assert stale == [], "remove from UNOBSERVABLE:\n" + "\n".join(stale)


def test_docs_show_this_matrix(matrix: Matrix, refresh_probe_results: bool) -> None:
    edits = {p.config.label: p.config.what for p in matrix.prepared}
    table = render_table(matrix.cells, RULE_IDS, edits, REASONS)
    if refresh_probe_results:
        write_table(table)
    assert documented_table() == table, (
        "docs/probe.md shows another agreement matrix "
        "(run: pytest tests/live/xmpp/test_agreement_matrix.py --refresh-probe-results)"
    )
