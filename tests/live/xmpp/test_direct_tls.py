"""XMPP over direct TLS (XEP-0368) against the real ejabberd 23.01: a ``tls: true`` c2s listener.

The reference config has no direct TLS listener, so this deployment adds
one (after ``listen:``; ejabberd 23.01 listener option ``tls``,
https://docs.ejabberd.im/admin/configuration/listen-options/#tls). An
ejabberd_c2s listener takes its TLS settings from the global
``c2s_ciphers``/``c2s_protocol_options``/``c2s_dhfile``, so the direct TLS
port must accept exactly what the STARTTLS port accepts.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator

import pytest
from support.probe_cli import assert_one_line_error, run_probe
from support.probe_invariants import report_problems
from support.skipping import require_program
from tls_manifesto.probe.render import to_dict
from tls_manifesto.probe.results import ProbeResult
from tls_manifesto.probe.scan import probe
from tls_manifesto.probe.target import resolve

from live.conftest import PROJECT_ROOT, LiveSetup, make_live_folder, make_setup, stop_at_end
from live.deployment import Deployment, Rewrite, ejabberd_rewrites, free_port
from live.server_process import RunningServer, start_ejabberd

CONFIG = "configs/IM/ejabberd/23.01/ejabberd.yml"


def direct_tls_rewrites(d: Deployment) -> tuple[Rewrite, ...]:
    listener = (
        "listen:\n  -\n"
        f"    port: {d.ports['c2s_direct']}\n"
        '    ip: "127.0.0.1"\n'
        "    module: ejabberd_c2s\n"
        "    tls: true"
    )
    return (*ejabberd_rewrites(d), Rewrite(r"listen:", listener, 1))


@pytest.fixture(scope="module")
def setup() -> Iterator[LiveSetup]:
    require_program("ejabberdctl", "ejabberd")
    require_program("erl", "erlang-base")
    roles = ("c2s", "s2s", "http", "c2s_direct")
    with make_live_folder() as folder:
        yield make_setup(
            PROJECT_ROOT / CONFIG, "ejabberd/23.01", direct_tls_rewrites, roles, folder
        )


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, setup: LiveSetup) -> RunningServer:
    d = setup.deployment
    return stop_at_end(request, start_ejabberd(setup.rendered, d.folder, d.ports, free_port()))


def probe_port(setup: LiveSetup, role: str, mode: str) -> ProbeResult:
    target = resolve("127.0.0.1", setup.deployment.ports[role], 10.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sslyze's trust stores vs newer `cryptography`
        return probe(target, mode, setup.deployment.host, 10.0)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def direct(server: RunningServer, setup: LiveSetup) -> ProbeResult:
    return probe_port(setup, "c2s_direct", "xmpps-client")


@pytest.fixture(scope="module")
def starttls(server: RunningServer, setup: LiveSetup) -> ProbeResult:
    return probe_port(setup, "c2s", "xmpp-client")


def test_direct_tls_carries_an_xmpp_stream_without_starttls(direct: ProbeResult) -> None:
    assert direct.direct_tls is not None
    assert direct.starttls is None
    assert not direct.direct_tls.starttls_offered_inside_tls, direct.direct_tls.features_after_tls
    assert direct.direct_tls.mechanisms_after_tls, direct.direct_tls.features_after_tls
    assert report_problems(to_dict(direct)) == []


def test_direct_tls_port_accepts_what_the_starttls_port_accepts(
    direct: ProbeResult, starttls: ProbeResult
) -> None:
    def suites(result: ProbeResult) -> dict[str, list[str]]:
        return {p.version: [s.name for s in p.suites] for p in result.protocols if p.accepted}

    assert suites(direct) == suites(starttls)
    assert direct.accepted_versions == ("TLSv1.2", "TLSv1.3")
    assert direct.server_order.enforced is True


def test_port_5223_style_listener_is_probed_by_the_cli(
    server: RunningServer, setup: LiveSetup
) -> None:
    port = setup.deployment.ports["c2s_direct"]
    run = run_probe(
        f"127.0.0.1:{port}", "--direct-tls", "xmpp-client", "--format", "json",
        "--xmpp-host", setup.deployment.host, "--timeout", "10",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["mode"] == "xmpps-client"
    assert report["direct_tls"]["alpn_offered"] == "xmpp-client"
    assert report_problems(report) == []


def test_starttls_against_the_direct_tls_port_is_a_one_line_error(
    server: RunningServer, setup: LiveSetup
) -> None:
    port = setup.deployment.ports["c2s_direct"]
    run = run_probe(f"127.0.0.1:{port}", "--starttls", "xmpp-client", "--timeout", "3")
    print(f"{run.seconds:.2f} s: {run.stderr.strip()}")
    # ejabberd waits for a TLS ClientHello and drops the XML stream header.
    assert_one_line_error(run, "connection closed without a reply to the stream header")


def test_direct_tls_against_the_starttls_port_is_a_one_line_error(
    server: RunningServer, setup: LiveSetup
) -> None:
    port = setup.deployment.ports["c2s"]
    run = run_probe(f"127.0.0.1:{port}", "--direct-tls", "xmpp-client", "--timeout", "3")
    print(f"{run.seconds:.2f} s: {run.stderr.strip()}")
    # ejabberd answers the ClientHello with its XMPP stream: not TLS.
    assert_one_line_error(run, "TLS handshake failed (the server does not speak TLS here")
