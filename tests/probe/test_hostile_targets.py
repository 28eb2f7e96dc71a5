"""Odd and hostile targets: one line on stderr, exit 2, within the timeout, never a traceback.

Each case plays one part on the loopback peer server (peer_server.py) and
runs the real command. The time bound is the connection timeout plus
START_UP_S for the interpreter and its imports; the elapsed time of each
case is printed (pytest -s) so the figures can be read off a run.
"""

from __future__ import annotations

import socket

import pytest
from peer_server import TlsSettings
from support.probe_cli import assert_one_line_error, run_probe

TIMEOUT_S = 2.0
START_UP_S = 6.0  # interpreter, sslyze import, a loaded shared machine


def free_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return int(probe_socket.getsockname()[1])


HOSTILE = [
    # (part, after_proceed, mode arguments, expected text in the one-line error)
    ("close", "tls", (), "connection closed without a reply to the stream header"),
    ("close", "tls", ("--starttls", "none"), "TLS handshake"),
    ("silent", "tls", (), "no reply to the XMPP stream header within 2 s"),
    ("silent", "tls", ("--starttls", "none"), "TLS handshake timed out after 2 s"),
    ("silent", "tls", ("--direct-tls", "xmpp-client"), "TLS handshake timed out after 2 s"),
    ("garbage", "tls", (), "not an XMPP server"),
    ("garbage", "tls", ("--starttls", "none"), "the server does not speak TLS here"),
    ("stream-error", "tls", (), "server closed the stream: host-unknown (no such host here)"),
    ("stream-error", "tls", ("--starttls", "xmpp-server"), "host-unknown"),
    ("starttls", "garbage", (), "TLS handshake failed (the server does not speak TLS here"),
    ("starttls", "silence", (), "TLS handshake timed out after 2 s"),
    ("huge-features", "tls", (), "<stream:features/> larger than 65536 bytes"),
    ("trickle", "tls", (), "no complete <stream:features/> within 2 s"),
    ("no-starttls", "tls", (), "server does not offer STARTTLS"),
]


@pytest.mark.parametrize(
    ("part", "after_proceed", "mode", "expected"),
    HOSTILE,
    ids=[f"{h[0]}-{h[1]}-{'-'.join(h[2]) or 'default'}" for h in HOSTILE],
)
def test_hostile_peer_gets_a_one_line_error_within_the_timeout(
    peer, certificate, part, after_proceed, mode, expected
) -> None:
    tls = TlsSettings(certificate.certificate, certificate.key)
    server = peer(part, tls=tls, after_proceed=after_proceed)
    run = run_probe(server.target, *mode, "--timeout", str(TIMEOUT_S))
    print(
        f"\n{part} {' '.join(mode) or '(xmpp-client)'}: {run.seconds:.2f} s: {run.stderr.strip()}"
    )
    assert_one_line_error(run, expected)
    assert run.seconds < TIMEOUT_S + START_UP_S, run.seconds


def test_refused_connection() -> None:
    assert_one_line_error(run_probe(f"127.0.0.1:{free_port()}"), "cannot connect")


def test_host_name_that_does_not_resolve() -> None:
    # RFC 6761 section 6.4: .invalid names never resolve.
    run = run_probe("no-such-host.invalid:5222", "--timeout", str(TIMEOUT_S))
    assert_one_line_error(run, "cannot resolve host name 'no-such-host.invalid'")
    assert run.seconds < TIMEOUT_S + START_UP_S


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("localhost", "expected HOST:PORT"),
        ("localhost:0", "expected HOST:PORT"),
        ("localhost:http", "expected HOST:PORT"),
        (":5222", "expected HOST:PORT"),
        ("::1:5222", "write an IPv6 address in brackets, e.g. [::1]:5222"),
        ("[localhost]:5222", "[localhost] is not an IPv6 address"),
    ],
)
def test_malformed_target_is_refused(target: str, expected: str) -> None:
    assert_one_line_error(run_probe(target), expected)


def test_the_whole_probe_is_bounded_by_max_time(peer) -> None:
    server = peer("silent")
    run = run_probe(server.target, "--timeout", "60", "--max-time", "1.5")
    assert_one_line_error(run, "gave up after --max-time 1.5 s")
    assert run.seconds < 1.5 + START_UP_S
