"""Prosody 0.12 with ``c2s_require_encryption = false``: PLAIN is refused before TLS, SCRAM is not.

Prosody neither offers nor accepts PLAIN without TLS (``allow_unencrypted_plain_auth``
defaults to false) yet offers and runs SCRAM-SHA-1 in the clear, so "<auth/>
without TLS refused" cannot be concluded from PLAIN alone. The probe tries
each mechanism offered before TLS on its own stream.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from support.certificates import make_self_signed
from support.skipping import require_program
from tls_manifesto.probe.results import StarttlsResult
from tls_manifesto.probe.target import resolve
from tls_manifesto.probe.xmpp.starttls import probe_starttls

from live.conftest import make_live_folder, stop_at_end
from live.deployment import free_port
from live.server_process import start_prosody

CONFIG = """\
run_as_root = true
pidfile = "{folder}/prosody.pid"
data_path = "{folder}/data"
log = {{ info = "{folder}/prosody.log"; error = "{folder}/prosody.err"; }}
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {port} }}
modules_enabled = {{ "saslauth"; "tls"; "disco"; "roster" }}
modules_disabled = {{ "s2s" }}
c2s_require_encryption = false
VirtualHost "localhost"
    ssl = {{ certificate = "{certificate}"; key = "{key}"; }}
"""


@pytest.fixture(scope="module")
def starttls(request: pytest.FixtureRequest) -> Iterator[StarttlsResult]:
    require_program("prosody", "prosody")
    with make_live_folder() as folder:
        certificate = make_self_signed(folder, "localhost")
        port = free_port()
        config = folder / "prosody.cfg.lua"
        config.write_text(
            CONFIG.format(
                folder=folder, port=port, certificate=certificate.certificate, key=certificate.key
            )
        )
        stop_at_end(request, start_prosody(config, folder, {"c2s": port}))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield probe_starttls(resolve("127.0.0.1", port, 10), "xmpp-client", "localhost", 10)


def test_every_mechanism_offered_before_tls_is_tried(starttls: StarttlsResult) -> None:
    assert not starttls.required
    # Prosody does not offer PLAIN in the clear; the probe's own PLAIN <auth/> is refused.
    assert "PLAIN" not in starttls.mechanisms_before_tls
    assert "encryption-required" in starttls.auth_reply
    outcomes = {a.mechanism: a.outcome for a in starttls.sasl_attempts}
    assert set(outcomes) == set(starttls.mechanisms_before_tls)
    # A made-up user: Prosody goes on in the clear, so a real password would log in.
    assert outcomes["SCRAM-SHA-1"] in ("challenge", "not-authorized"), starttls.sasl_attempts


def test_auth_without_tls_is_not_called_refused_from_plain_alone(
    starttls: StarttlsResult,
) -> None:
    assert starttls.auth_before_tls_refused is False
    assert starttls.can_skip_tls
