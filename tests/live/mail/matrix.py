"""Run every mail config: static verdicts (the CLI), then the server started and each port probed.

As xmpp/agreement_matrix.py does for XMPP: each config gets an unadapted copy
(as edited) and an adapted one (mail_deployment.py), the checker judges
both in one run, and each adapted copy is started once, probed port by
port from 127.0.0.2, then stopped by PID; several configs run at once.
"""

from __future__ import annotations

import shutil
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from support.certificates import CertificateFiles, make_self_signed
from tls_manifesto.probe.mail.before_tls import observe_before_tls
from tls_manifesto.probe.results import MailBeforeTls, ProbeError, ProbeResult, mail_protocol
from tls_manifesto.probe.scan import probe
from tls_manifesto.probe.target import resolve

from live.deployment import free_port
from live.live_verdicts import LiveVerdict
from live.mail.configs import ENTRY_FILE, MailConfig
from live.mail.mail_deployment import (
    MailPlacement,
    adapt_dovecot_file,
    adapt_postfix_main,
    adapt_postfix_master,
    static_test_user,
)
from live.mail.mail_live_verdicts import mail_live_verdicts
from live.mail.process import start_dovecot, start_postfix
from live.matrix_run import NO_STARTTLS, PROBE_TIMEOUT_S, LiveRun, SharedFiles
from live.server_process import RunningServer, ServerStartError, stop

ROLE_MODES = {
    "smtp": "smtp", "submission": "smtp", "submissions": "tls",
    "imap": "imap", "imaps": "tls", "pop3": "pop3", "pop3s": "tls",
}  # fmt: skip
# Dovecot lets a client whose address is its own log in without TLS
# (process.py): the probe's own connections come from another one.
CLIENT_ADDRESS = "127.0.0.2"
PARALLEL_CONFIGS = 4
SNAKEOIL = (
    Path("/etc/ssl/certs/ssl-cert-snakeoil.pem"),
    Path("/etc/ssl/private/ssl-cert-snakeoil.key"),
)


@dataclass(frozen=True)
class PreparedMail:
    config: MailConfig
    unadapted: Path  # the entry file `manifesto check` reads
    adapted: Path
    files: dict[str, str]  # the config's files as edited
    runtime: Path  # queue, logs, sockets


def shipped_certificate(root: Path) -> CertificateFiles:
    """Debian's snakeoil pair when installed, as the postinst scripts use it; else a test one."""
    certificate, key = SNAKEOIL
    if certificate.exists() and key.exists():
        combined = root / "snakeoil-combined.pem"
        combined.write_text(certificate.read_text() + key.read_text())
        return CertificateFiles(certificate, key, combined)
    return make_self_signed(root, "localhost")


def prepare_mail(config: MailConfig, root: Path, shared: SharedFiles) -> PreparedMail:
    files = config.files(shared.dh1024)
    base = root / config.label.replace("/", "-")
    for name, text in files.items():
        for copy in ("unadapted", "adapted"):
            path = base / copy / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    runtime = base / "run"
    runtime.mkdir()
    entry = ENTRY_FILE[config.server]
    prepared = PreparedMail(
        config, base / "unadapted" / entry, base / "adapted" / entry, files, runtime
    )
    adapt(prepared, shared.certificate, {role: free_port() for role in config.roles})
    return prepared


def adapt(prepared: PreparedMail, certificate: CertificateFiles, ports: dict[str, int]) -> None:
    """(Re)write the adapted copy for ``ports``; only deployment values differ from the other."""
    folder = prepared.adapted.parent
    place = MailPlacement(prepared.runtime, ports, certificate)
    if prepared.config.server == "postfix":
        main = _relocated(prepared.files["main.cf"], "/etc/postfix/", folder)
        chain = folder / "key-then-chain.pem"
        chain.write_text(certificate.key.read_text() + certificate.certificate.read_text())
        main = adapt_postfix_main(main, place, chain)
        (folder / "main.cf").write_text(main, encoding="utf-8")
        master = adapt_postfix_master(prepared.files["master.cf"], place)
        (folder / "master.cf").write_text(master, encoding="utf-8")
        return
    for name, text in prepared.files.items():
        text = _relocated(text, "/etc/dovecot/", folder)
        (folder / name).write_text(adapt_dovecot_file(name, text, place), encoding="utf-8")
    (folder / "conf.d").mkdir(exist_ok=True)
    (folder / "conf.d" / "auth-live-test.conf.ext").write_text(static_test_user(prepared.runtime))


def _relocated(text: str, config_dir: str, folder: Path) -> str:
    """Files named in the config directory (a DH file) are read from the copy's folder."""
    return text.replace(config_dir, f"{folder}/")


def run_mail_live(prepared: PreparedMail, certificate: CertificateFiles) -> LiveRun:
    start = time.monotonic()
    ports = {role: free_port() for role in prepared.config.roles}
    adapt(prepared, certificate, ports)
    try:
        server = _start(prepared, ports)
    except ServerStartError as error:
        why = f"did not start: {error}"
        verdicts = {r: LiveVerdict(r, "not-observed", why) for r in mail_live_verdicts({}, {}, {})}
        return LiveRun(verdicts, why, time.monotonic() - start)
    try:
        probes, seen, failures = probe_ports(ports)
    finally:
        stop(server)
    problem = "; ".join(f"{role}: {why}" for role, why in failures.items()) or None
    tls_failures = {r: why for r, why in failures.items() if NO_STARTTLS not in why}
    return LiveRun(
        mail_live_verdicts(probes, seen, tls_failures), problem, time.monotonic() - start
    )


def _start(prepared: PreparedMail, ports: dict[str, int]) -> RunningServer:
    runtime = prepared.runtime
    if runtime.exists():
        shutil.rmtree(runtime)
    runtime.mkdir()
    if prepared.config.server == "postfix":
        return start_postfix(prepared.adapted.parent, runtime, ports)
    (runtime / "spool" / "private").mkdir(parents=True)  # for sockets meant for Postfix
    return start_dovecot(prepared.adapted, runtime, ports)


def probe_ports(
    ports: dict[str, int],
) -> tuple[dict[str, ProbeResult], dict[str, MailBeforeTls], dict[str, str]]:
    """Each port probed on its own; a port without TLS still shows what it allows in the clear."""
    probes, seen, failures = {}, {}, {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sslyze's trust stores vs newer `cryptography`
        for role, port in ports.items():
            mode = ROLE_MODES[role]
            target = replace(resolve("127.0.0.1", port, PROBE_TIMEOUT_S), source=CLIENT_ADDRESS)
            try:
                probes[role] = probe(target, mode, "localhost", PROBE_TIMEOUT_S)  # type: ignore[arg-type]
            except ProbeError as error:
                failures[role] = str(error)
            if role in probes and probes[role].mail is not None:
                seen[role] = probes[role].mail  # type: ignore[assignment]
            elif (protocol := mail_protocol(mode)) is not None:  # type: ignore[arg-type]
                try:
                    seen[role] = observe_before_tls(target, protocol, "localhost", PROBE_TIMEOUT_S)
                except ProbeError as error:
                    failures[role] = f"{failures.get(role, '')}; before TLS: {error}"
    return probes, seen, failures


def run_all_mail(prepared: list[PreparedMail], certificate: CertificateFiles) -> dict[str, LiveRun]:
    with ThreadPoolExecutor(max_workers=PARALLEL_CONFIGS) as pool:
        runs = pool.map(lambda p: run_mail_live(p, certificate), prepared)
        return {p.config.label: run for p, run in zip(prepared, runs, strict=True)}
