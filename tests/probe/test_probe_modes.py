"""`manifesto probe` in each mode against a loopback server whose TLS settings the test chose."""

from __future__ import annotations

import json
import socket
import ssl

import pytest
from peer_server import TlsSettings
from support.probe_cli import assert_one_line_error, run_probe
from support.probe_invariants import report_problems

ONLY_AES128_SHA = {"ciphers": "AES128-SHA:@SECLEVEL=0", "server_order": False}
TLS12 = (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_2)
TWO_ECDHE = "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"


def probe_json(*args: str) -> dict:
    done = run_probe(*args, "--format", "json", "--timeout", "3")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    report = json.loads(done.stdout)
    assert report_problems(report) == []
    return report


def accepted(report: dict) -> dict[str, list[str]]:
    return {
        p["version"]: [s["name"] for s in p["suites"]] for p in report["protocols"] if p["accepted"]
    }


def test_plain_tls_names_exactly_the_one_suite_the_server_allows(peer, certificate) -> None:
    settings = TlsSettings(
        certificate.certificate, certificate.key, versions=TLS12, **ONLY_AES128_SHA
    )
    server = peer("tls", tls=settings)
    report = probe_json(server.target, "--starttls", "none")
    assert report["mode"] == "tls"
    assert report["starttls"] is None and report["direct_tls"] is None
    assert accepted(report) == {"TLSv1.2": ["TLS_RSA_WITH_AES_128_CBC_SHA"]}
    assert report["summary"]["non_forward_secret_suites"] == ["TLS_RSA_WITH_AES_128_CBC_SHA"]
    assert report["summary"]["ecdh_curves"] == []
    assert "ECDHE" not in json.dumps(report["protocols"])
    assert report["certificates"][0]["subject"] == "CN=localhost"


def test_plain_tls_sees_the_versions_and_curves_allowed(peer, certificate) -> None:
    settings = TlsSettings(certificate.certificate, certificate.key, ciphers=TWO_ECDHE)
    server = peer("tls", tls=settings)
    report = probe_json(server.target, "--starttls", "none")
    assert sorted(accepted(report)) == ["TLSv1.2", "TLSv1.3"]
    assert accepted(report)["TLSv1.2"] == [
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    ]
    assert report["summary"]["non_forward_secret_suites"] == []


@pytest.mark.parametrize(("server_order", "expected"), [(True, True), (False, False)])
def test_server_cipher_order_is_measured_on_tls12(
    peer, certificate, server_order, expected
) -> None:
    settings = TlsSettings(
        certificate.certificate, certificate.key, ciphers=TWO_ECDHE, server_order=server_order
    )
    server = peer("tls", tls=settings)
    report = probe_json(server.target, "--starttls", "none")
    order = report["server_order"]
    assert order["enforced"] is expected, order
    assert order["version"] == "TLSv1.2"
    assert report["summary"]["server_order_tested_on"] == "TLSv1.2"
    if expected:
        # The server's own first choice, whatever the client put first.
        assert (
            order["chosen_in_order"] == order["chosen_in_reverse"] == "ECDHE-RSA-AES256-GCM-SHA384"
        )


def test_text_output_says_the_order_is_tested_on_tls12_only_and_why(peer, certificate) -> None:
    server = peer(
        "tls", tls=TlsSettings(certificate.certificate, certificate.key, ciphers=TWO_ECDHE)
    )
    done = run_probe(server.target, "--starttls", "none", "--timeout", "3")
    assert done.returncode == 0, done.stderr
    assert "server cipher order enforced (TLSv1.2): yes" in done.stdout
    assert "tested on TLS 1.2 only" in done.stdout
    assert "SSL_CTX_set_ciphersuites" in done.stdout
    report = probe_json(server.target, "--starttls", "none")
    assert report["server_order"]["scope"].startswith("tested on TLS 1.2 only")


@pytest.mark.parametrize("dialect", ["xmpp-client", "xmpp-server"])
def test_starttls_in_both_dialects_reaches_tls(peer, certificate, dialect) -> None:
    server = peer("starttls", tls=TlsSettings(certificate.certificate, certificate.key))
    report = probe_json(server.target, "--starttls", dialect, "--xmpp-host", "localhost")
    assert report["mode"] == dialect
    assert report["starttls"]["offered"] and report["starttls"]["required"]
    assert report["starttls"]["proceeded"]
    assert report["starttls"]["auth_before_tls_refused"]
    assert sorted(accepted(report)) == ["TLSv1.2", "TLSv1.3"]


def test_direct_tls_reads_the_xmpp_stream_inside_tls(peer, certificate) -> None:
    server = peer("xmpps", tls=TlsSettings(certificate.certificate, certificate.key))
    report = probe_json(server.target, "--direct-tls", "xmpp-client", "--xmpp-host", "localhost")
    assert report["mode"] == "xmpps-client"
    direct = report["direct_tls"]
    assert direct["mechanisms_after_tls"] == ["PLAIN"]
    assert direct["starttls_offered_inside_tls"] is False
    assert direct["alpn_offered"] == "xmpp-client"
    assert report["starttls"] is None
    assert sorted(accepted(report)) == ["TLSv1.2", "TLSv1.3"]


def test_direct_tls_on_a_tls_server_that_is_not_xmpp_is_an_error(peer, certificate) -> None:
    server = peer("tls", tls=TlsSettings(certificate.certificate, certificate.key))
    done = run_probe(server.target, "--direct-tls", "xmpp-client", "--timeout", "2")
    assert_one_line_error(done, "connection closed without a reply to the stream header")


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe_socket:
            probe_socket.bind(("::1", 0))
    except OSError:
        return False
    return True


def test_ipv6_loopback_is_a_target(peer, certificate) -> None:
    if not ipv6_loopback():
        # No IPv6 here: the probe must still say so in one line.
        run = run_probe("[::1]:5222", "--timeout", "2")
        assert_one_line_error(run, "[::1]:5222: cannot connect")
        return
    settings = TlsSettings(
        certificate.certificate, certificate.key, versions=TLS12, **ONLY_AES128_SHA
    )
    server = peer("tls", host="::1", tls=settings)
    assert server.target.startswith("[::1]:")
    report = probe_json(server.target, "--starttls", "none")
    assert report["address"] == "::1"
    assert accepted(report) == {"TLSv1.2": ["TLS_RSA_WITH_AES_128_CBC_SHA"]}


def test_ipv6_target_with_xmpp_starttls(peer, certificate) -> None:
    if not ipv6_loopback():
        # A property of the machine, not a missing package: the test above
        # covers the error a probe of ::1 gives there.
        pytest.skip("this machine has no IPv6 loopback (::1)")
    server = peer("starttls", host="::1", tls=TlsSettings(certificate.certificate, certificate.key))
    report = probe_json(server.target, "--xmpp-host", "localhost")
    assert report["mode"] == "xmpp-client"
    assert report["starttls"]["proceeded"]
