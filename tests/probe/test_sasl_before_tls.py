"""Every SASL mechanism offered before TLS is reported and, where the probe speaks it, tried.

The peer refuses PLAIN without TLS (<encryption-required/>) but goes on with
SCRAM-SHA-1, as Prosody does with ``c2s_require_encryption = false``: a
verdict drawn from PLAIN alone would say "refused".
"""

from __future__ import annotations

import json

from peer_server import TlsSettings
from support.probe_cli import assert_one_line_error, run_probe


def test_each_mechanism_before_tls_is_tried_on_its_own(peer, certificate) -> None:
    server = peer("sasl-in-clear", tls=TlsSettings(certificate.certificate, certificate.key))
    run = run_probe(server.target, "--format", "json", "--timeout", "5")
    assert run.returncode == 0, run.stderr
    starttls = json.loads(run.stdout)["starttls"]
    assert starttls["mechanisms_before_tls"] == ["PLAIN", "SCRAM-SHA-1"]
    outcomes = {a["mechanism"]: a["outcome"] for a in starttls["sasl_attempts"]}
    assert outcomes == {"PLAIN": "encryption-required", "SCRAM-SHA-1": "challenge"}
    # PLAIN alone was refused; SCRAM-SHA-1 was not, so neither is <auth/> without TLS.
    assert starttls["auth_before_tls_refused"] is False
    text = run_probe(server.target, "--timeout", "5").stdout
    assert "SCRAM-SHA-1 before TLS: challenge, the exchange runs without TLS" in text
    assert "PLAIN before TLS: encryption-required (reply:" in text


def test_a_listener_without_starttls_says_what_it_offers_in_the_clear(peer, certificate) -> None:
    server = peer("no-starttls-sasl", tls=TlsSettings(certificate.certificate, certificate.key))
    run = run_probe(server.target, "--timeout", "5")
    assert_one_line_error(
        run,
        "server does not offer STARTTLS; it offers PLAIN and SCRAM-SHA-1 before TLS"
        " (PLAIN: encryption-required, SCRAM-SHA-1: challenge)",
    )
