"""Run each web config: two trees on disk, the server started on one, both ports probed.

Each config of shipped_configs.py becomes two trees: ``placed`` (as
edited, paths into the tree, the test certificate) for the checker and
``adapted`` (loopback, free ports, pid and logs in the folder) for the
server; the checker reads both, so a test can prove that running it
here changed no verdict. The server starts once per config; its HTTPS
port is probed (``manifesto probe --http``: TLS and the HSTS header) and
its plain port asked for ``/`` (``--plain-http``); it is stopped by PID.
"""

from __future__ import annotations

import dataclasses
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tls_manifesto.probe.http_check import probe_plain_http
from tls_manifesto.probe.results import PlainHttpResult, ProbeError, ProbeResult
from tls_manifesto.probe.scan import probe
from tls_manifesto.probe.target import resolve

from live.deployment import free_port
from live.live_verdicts import LiveVerdict
from live.matrix_run import SharedFiles
from live.server_process import ServerStartError, stop
from live.web.shipped_configs import (
    ADAPT,
    MAIN_FILE,
    WebConfig,
    WebPlacement,
    edited_tree,
    place,
    write_tree,
)
from live.web.web_live_verdicts import WEB_RULE_IDS, web_live_verdicts
from live.web.web_server_process import start_apache, start_nginx

PROBE_TIMEOUT_S = 10.0
PARALLEL_CONFIGS = 3
ROLES = ("http", "https")


@dataclass(frozen=True)
class PreparedWeb:
    config: WebConfig
    placed: Path  # the main file of the tree the checker judges
    adapted: Path  # the main file of the tree the server runs
    placement: WebPlacement  # of the adapted tree
    tree: dict[str, str]  # as edited, before place and adapt


@dataclass(frozen=True)
class WebRun:
    verdicts: dict[str, LiveVerdict]
    https: ProbeResult | None
    plain: PlainHttpResult | None
    problem: str | None  # why the server or a port gave nothing to judge
    log: str
    seconds: float


def prepare(config: WebConfig, root: Path, shared: SharedFiles) -> PreparedWeb:
    certificate_dh1024 = root / "server-dh1024.pem"
    if not certificate_dh1024.exists():
        certificate = shared.certificate.certificate.read_text(encoding="ascii")
        certificate_dh1024.write_text(certificate + shared.dh1024.read_text(encoding="ascii"))
    tree = edited_tree(config, shared.dh1024, certificate_dh1024)
    base = root / config.label.replace("/", "-")
    certs = shared.certificate
    placed = WebPlacement(base / "placed", {}, certs.certificate, certs.key)
    adapted = WebPlacement(
        base / "adapted", {r: free_port() for r in ROLES}, certs.certificate, certs.key
    )
    write_tree(tree, placed.tree, lambda _, text: place(text, placed))
    _write_adapted(config, tree, adapted)
    main = MAIN_FILE[config.server]
    return PreparedWeb(config, placed.tree / main, adapted.tree / main, adapted, tree)


def _write_adapted(config: WebConfig, tree: dict[str, str], where: WebPlacement) -> None:
    adapt = ADAPT[config.server]
    write_tree(tree, where.tree, lambda name, text: adapt(name, place(text, where), where))


def run_live(prepared: PreparedWeb) -> WebRun:
    start = time.monotonic()
    # Ports taken just before the server starts, not minutes earlier while others ran.
    where = dataclasses.replace(prepared.placement, ports={r: free_port() for r in ROLES})
    _write_adapted(prepared.config, prepared.tree, where)
    try:
        if prepared.config.server == "nginx":
            server = start_nginx(prepared.adapted, where.tree, where.ports)
        else:
            server = start_apache(prepared.adapted, where.tree, where.tree, where.ports)
    except ServerStartError as error:
        why = f"did not start: {error}"
        nothing = {rule: LiveVerdict(rule, "not-observed", why) for rule in WEB_RULE_IDS}
        return WebRun(nothing, None, None, why, str(error), time.monotonic() - start)
    try:
        https, plain, failures = _probe_both(where)
    finally:
        stop(server)
    verdicts = web_live_verdicts(https, plain, failures)
    problem = "; ".join(f"{role}: {why}" for role, why in failures.items()) or None
    return WebRun(verdicts, https, plain, problem, server.log_text(), time.monotonic() - start)


def _probe_both(
    where: WebPlacement,
) -> tuple[ProbeResult | None, PlainHttpResult | None, dict[str, str]]:
    https = plain = None
    failures: dict[str, str] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sslyze's trust stores vs newer `cryptography`
        try:
            target = resolve("127.0.0.1", where.ports["https"], PROBE_TIMEOUT_S)
            https = probe(target, "tls", "localhost", PROBE_TIMEOUT_S, http=True)
        except ProbeError as error:
            failures["https"] = str(error)
        try:
            target = resolve("127.0.0.1", where.ports["http"], PROBE_TIMEOUT_S)
            plain = probe_plain_http(target, "localhost", PROBE_TIMEOUT_S)
        except ProbeError as error:
            failures["http"] = str(error)
    return https, plain, failures


def run_all_live(prepared: list[PreparedWeb]) -> dict[str, WebRun]:
    with ThreadPoolExecutor(max_workers=PARALLEL_CONFIGS) as pool:
        runs = pool.map(run_live, prepared)
        return {p.config.label: run for p, run in zip(prepared, runs, strict=True)}
