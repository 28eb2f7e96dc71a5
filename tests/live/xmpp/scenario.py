"""Steps every live server test takes: probe, compare with the checker, check the committed copy."""

from __future__ import annotations

import re
import socket
import ssl
import warnings
from pathlib import Path

import pytest
from support.probe_invariants import result_problems
from support.skipping import skip_or_fail
from tls_manifesto.engine.check import check_config_file
from tls_manifesto.probe.results import ProbeResult
from tls_manifesto.probe.scan import probe
from tls_manifesto.probe.target import resolve
from tls_manifesto.verdicts import Verdict

from live.conftest import LiveSetup
from live.live_verdicts import Comparison, LiveVerdict, compare, system_openssl_refuses
from live.probe_records import (
    differences,
    read_committed,
    save_build_copy,
    server_entry,
    update_committed,
)

# The rules that judge IM servers under the default policy (MF011 is not the manifesto's).
RULE_IDS = (
    "MF001", "MF002", "MF003", "MF004", "MF005", "MF006", "MF007", "MF008", "MF009", "MF010",
)  # fmt: skip
MODES = {"c2s": "xmpp-client", "s2s": "xmpp-server"}

# Lines that carry TLS settings in either format: ejabberd option names
# (docs.ejabberd.im, 23.01) and Prosody/LuaSec ssl keys (prosody.im/doc/advanced_ssl_config).
TLS_LINE = re.compile(
    r"cipher|protocol|dhfile|dhparam|starttls|\btls\b|curve|encryption|secure_auth|certfile"
    r"|certificate|\bkey\b|no_ssl|no_tls|no_compression|single_"
)
ABSOLUTE_PATH = re.compile(r"/[^\s\"';]+")


def tls_line_numbers(reference: Path, verdicts: tuple[Verdict, ...] | None) -> list[int]:
    lines = reference.read_text(encoding="utf-8").split("\n")
    numbers = {i + 1 for i, text in enumerate(lines) if TLS_LINE.search(text.split("#")[0])}
    for verdict in verdicts or ():
        numbers |= {e.line for e in verdict.evidence}
        numbers |= {e.line for f in verdict.findings for e in f.evidence}
    return sorted(numbers)


def changed_tls_lines(setup: LiveSetup, verdicts: tuple[Verdict, ...] | None) -> list[str]:
    """TLS lines that differ between reference and rendered copy beyond a file path."""
    reference = setup.reference.read_text(encoding="utf-8").split("\n")
    rendered = setup.rendered.read_text(encoding="utf-8").split("\n")
    if len(reference) != len(rendered):
        return [f"line count changed: {len(reference)} -> {len(rendered)}"]
    problems = []
    for number in tls_line_numbers(setup.reference, verdicts):
        old, new = reference[number - 1], rendered[number - 1]
        if old == new:
            continue
        if TLS_LINE.search(old):
            # A TLS setting may only have its file path replaced (certificate, key, DH file).
            allowed = ABSOLUTE_PATH.sub("<path>", old) == ABSOLUTE_PATH.sub("<path>", new)
        else:
            # An evidence line outside the TLS settings (a listener's port) must be a
            # declared deployment rewrite.
            allowed = any(re.fullmatch(r.pattern, old) for r in setup.rewrites)
        if not allowed:
            problems.append(f"{setup.reference}:{number}: {old!r} became {new!r}")
    return problems


def static_verdicts(path: Path) -> tuple[Verdict, ...]:
    """The checker's verdicts on a config, as `manifesto check --policy require-fs` gives them."""
    return check_config_file(path, policy="require-fs")


def probe_endpoints(setup: LiveSetup, name: str) -> dict[str, ProbeResult]:
    results = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sslyze's trust stores vs newer `cryptography`
        for role, mode in MODES.items():
            port = setup.deployment.ports[role]
            target = resolve("127.0.0.1", port, 10.0)
            results[role] = probe(target, mode, setup.deployment.host, 10.0)
            save_build_copy(name, role, results[role])
    return results


def web_admin_only_over_tls(port: int, host: str) -> bool:
    """True when /admin answers over TLS and a plain-text request gets no HTTP answer."""
    request = f"GET /admin/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # throwaway certificate
    with (
        socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname=host) as tls,
    ):
        tls.sendall(request)
        over_tls = tls.recv(200)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as plain:
        plain.sendall(request)
        try:
            in_clear = plain.recv(200)
        except OSError:
            in_clear = b""
    return over_tls.startswith(b"HTTP/1.1 ") and not in_clear.startswith(b"HTTP/")


def rule_comparison(
    rule: str, verdicts: tuple[Verdict, ...], live: dict[str, LiveVerdict], setup: LiveSetup
) -> Comparison:
    static = next(v for v in verdicts if v.rule == rule)
    certs = setup.deployment.certificate
    refuses = all(
        system_openssl_refuses(v, certs.certificate, certs.key)
        for v in (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1)
    )
    return compare(static, live[rule], refuses)


def judge(comparison: Comparison) -> None:
    """Fail a disagreement; skip, naming the rule, what could not be compared.

    A rule the config gives nothing to judge (no web admin, no curve list) is
    a plain skip, as long as the server passes it live. A static verdict the
    probe did not check live means a comparison was possible and the harness
    fell short: a failure under CI=true.
    """
    if comparison.outcome == "not-applicable":
        pytest.skip(f"{comparison.rule} not applicable to the config: {comparison.message}")
    if comparison.outcome == "one-sided":
        skip_or_fail(f"{comparison.rule} not compared: {comparison.message}")
    assert not comparison.is_failure, comparison.message


def check_committed(name: str, config: str, probes: dict[str, ProbeResult], refresh: bool) -> None:
    """The probe's own invariants always; then refresh the committed copy, or compare with it."""
    broken = [f"{role}: {problem}" for role in probes for problem in result_problems(probes[role])]
    assert not broken, f"{name}: the probe contradicts itself:\n" + "\n".join(broken)
    entry = server_entry(config, probes)
    if refresh:
        update_committed(name, entry)
        assert read_committed()["servers"][name] == entry, "the rewritten file reads back wrong"
        return
    committed = read_committed().get("servers", {}).get(name)
    assert committed is not None, (
        f"source/_data/probe-results.json has no entry for {name} (run: make probe)"
    )
    found = differences(committed, entry)
    assert not found, (
        f"committed probe results for {name} differ from a fresh probe (run: make probe):\n"
        + "\n".join(found)
    )
