"""Run every shipped config and variant: static verdicts (the CLI), then the server, probed.

Each config gets two copies on disk: as edited (unadapted) and adapted to
run here. ``manifesto check --format json`` judges all copies in one run.
Each adapted copy is started once, its c2s and s2s ports probed and its
web admin (if any) tried, then stopped by PID; several configs run at once
(every one has its own free ports), both servers side by side.
"""

from __future__ import annotations

import dataclasses
import shutil
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tls_manifesto.probe.results import ProbeError, ProbeResult
from tls_manifesto.probe.scan import probe
from tls_manifesto.probe.target import resolve

from live.deployment import free_port
from live.live_verdicts import LiveVerdict
from live.matrix_run import NO_STARTTLS, PROBE_TIMEOUT_S, LiveRun, SharedFiles
from live.server_process import ServerStartError, start_ejabberd, start_prosody, stop
from live.xmpp.scenario import RULE_IDS, web_admin_only_over_tls
from live.xmpp.shipped_configs import (
    ADAPT,
    PROSODY_INCLUDES,
    ROLES,
    SHIPPED,
    Placement,
    ShippedConfig,
)
from live.xmpp.xmpp_live_verdicts import live_verdicts

SERVER_VERSIONS = ("ejabberd=23.01", "prosody=0.12.3")  # Debian 12's packages
MODES = {"c2s": "xmpp-client", "s2s": "xmpp-server"}
REQUIRED_RULE = {"c2s": "MF001", "s2s": "MF002"}  # TLS required on that endpoint
PARALLEL_CONFIGS = 5  # 2 cores, but a probe mostly waits: 5 at once took 168 s, 3 took 265 s


@dataclass(frozen=True)
class PreparedConfig:
    config: ShippedConfig
    unadapted: Path
    adapted: Path
    placement: Placement


def prepare(config: ShippedConfig, root: Path, shared: SharedFiles) -> PreparedConfig:
    text = config.text(SHIPPED[config.server].read_text(encoding="utf-8"), shared.dh1024)
    base = root / config.label.replace("/", "-")
    unadapted_dir, adapted_dir = base / "unadapted", base / "adapted"
    certificate = shared.certificate
    placement = Placement(adapted_dir, {r: free_port() for r in ROLES[config.server]}, certificate)
    for folder in (unadapted_dir, adapted_dir):
        folder.mkdir(parents=True)
        if config.server == "prosody":
            _prosody_beside_config(folder)
    if config.server == "prosody":
        # Where Prosody 0.12 looks for localhost's certificate (core/certmanager.lua).
        shutil.copy(certificate.certificate, adapted_dir / "certs" / "localhost.crt")
        shutil.copy(certificate.key, adapted_dir / "certs" / "localhost.key")
    name = SHIPPED[config.server].name
    unadapted = unadapted_dir / name
    unadapted.write_text(text, encoding="utf-8")
    adapted = adapted_dir / name
    adapted.write_text(ADAPT[config.server](text, placement), encoding="utf-8")
    return PreparedConfig(config, unadapted, adapted, placement)


def _prosody_beside_config(folder: Path) -> None:
    """What Debian puts beside prosody.cfg.lua: the included conf.d files, an empty certs/."""
    (folder / "certs").mkdir()
    (folder / "no-certs").mkdir()
    (folder / "conf.d").mkdir()
    for included in sorted(PROSODY_INCLUDES.glob("*.cfg.lua")):
        shutil.copyfile(included, folder / "conf.d" / included.name)


def run_live(prepared: PreparedConfig) -> LiveRun:
    start = time.monotonic()
    server_name = prepared.config.server
    where = _with_fresh_ports(prepared)
    # Debian's Prosody config loads no HTTP module: ejabberd alone has a web admin.
    watched = {r: where.ports[r] for r in ("c2s", "s2s", "http") if r in where.ports}
    try:
        if server_name == "ejabberd":
            server = start_ejabberd(prepared.adapted, where.folder, watched, free_port())
        else:
            server = start_prosody(prepared.adapted, where.folder, watched)
    except ServerStartError as error:
        why = f"did not start: {error}"
        return LiveRun(_nothing_observed(why), why, time.monotonic() - start)
    try:
        probes, failures = _probe_both(where)
        web_admin = _web_admin(where)
    finally:
        stop(server)
    verdicts = _with_failures(live_verdicts(probes, web_admin), probes, failures)
    problem = "; ".join(f"{role}: {why}" for role, why in failures.items()) or None
    return LiveRun(verdicts, problem, time.monotonic() - start)


def _with_fresh_ports(prepared: PreparedConfig) -> Placement:
    """Ports taken just before the server starts, not minutes earlier while others ran.

    The adapted copy is rendered again from the same text; only its port
    numbers differ from the copy the checker judged.
    """
    where = dataclasses.replace(
        prepared.placement, ports={role: free_port() for role in prepared.placement.ports}
    )
    text = prepared.unadapted.read_text(encoding="utf-8")
    prepared.adapted.write_text(ADAPT[prepared.config.server](text, where), encoding="utf-8")
    return where


def _probe_both(where: Placement) -> tuple[dict[str, ProbeResult], dict[str, str]]:
    """Each endpoint probed on its own: one that gives no TLS leaves the other to observe."""
    probes, failures = {}, {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sslyze's trust stores vs newer `cryptography`
        for role, mode in MODES.items():
            target = resolve("127.0.0.1", where.ports[role], PROBE_TIMEOUT_S)
            try:
                probes[role] = probe(target, mode, "localhost", PROBE_TIMEOUT_S)
            except ProbeError as error:
                failures[role] = str(error)
    return probes, failures


def _web_admin(where: Placement) -> bool | None:
    """None without a web admin, or when its TLS cannot start (nothing to judge then)."""
    if "http" not in where.ports:
        return None
    try:
        return web_admin_only_over_tls(where.ports["http"], "localhost")
    except OSError:  # ssl.SSLError included: no handshake on the web admin's port
        return None


def _nothing_observed(why: str) -> dict[str, LiveVerdict]:
    return {rule: LiveVerdict(rule, "not-observed", why) for rule in RULE_IDS}


def _with_failures(
    verdicts: dict[str, LiveVerdict], probes: dict[str, ProbeResult], failures: dict[str, str]
) -> dict[str, LiveVerdict]:
    """What an endpoint that gave no TLS shows: plaintext only, or no certificate served.

    The TLS rules (MF003-MF007) are judged on the endpoints that completed a
    handshake; with none, they are not observed.
    """
    verdicts = dict(verdicts)
    if not probes:
        web_admin = verdicts["MF008"]
        verdicts.update(_nothing_observed("no endpoint completed a TLS handshake"))
        verdicts["MF008"] = web_admin
    for role, why in failures.items():
        rule = REQUIRED_RULE[role]
        if NO_STARTTLS in why:
            verdicts[rule] = LiveVerdict(rule, "fail", f"{role} in plaintext only: {why}")
        else:
            verdicts["MF009"] = LiveVerdict("MF009", "fail", f"{role} serves no certificate: {why}")
    return verdicts


def run_all_live(prepared: list[PreparedConfig]) -> dict[str, LiveRun]:
    with ThreadPoolExecutor(max_workers=PARALLEL_CONFIGS) as pool:
        runs = pool.map(run_live, prepared)
        return {p.config.label: run for p, run in zip(prepared, runs, strict=True)}
