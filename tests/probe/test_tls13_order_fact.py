"""The fact behind "server cipher order is tested on TLS 1.2 only", measured on the system OpenSSL.

server_order.SCOPE says: the server-preference option also orders TLS 1.3
suites (OpenSSL 1.1.1 and later), by the separate TLS 1.3 list, not by the
cipher string. A TLS 1.3-only server (Python ssl, system OpenSSL, default
TLS 1.3 list, which starts with TLS_AES_256_GCM_SHA384) is asked by
``openssl s_client`` with two suites in both orders.
"""

from __future__ import annotations

import ssl
import subprocess

import pytest
from peer_server import TlsSettings
from support.skipping import require_program

TLS13_ONLY = (ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_3)
OFFERS = (
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384",
    "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256",
)


def chosen_suite(openssl: str, port: int, offer: str) -> str:
    done = subprocess.run(
        [openssl, "s_client", "-connect", f"127.0.0.1:{port}", "-tls1_3", "-ciphersuites", offer],
        input="", capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    line = next((ln for ln in done.stdout.splitlines() if "Cipher is" in ln), "")
    assert line, done.stdout + done.stderr
    return line.rsplit(" ", 1)[-1]


@pytest.mark.parametrize(("server_order", "expected"), [
    (True, ["TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384"]),
    (False, ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"]),
])  # fmt: skip
def test_server_preference_orders_tls13_suites_by_the_tls13_list(
    peer, certificate, server_order: bool, expected: list[str]
) -> None:
    openssl = require_program("openssl", "openssl")
    # The cipher string puts nothing first for TLS 1.3: it does not touch TLS 1.3 suites.
    settings = TlsSettings(
        certificate.certificate, certificate.key, ciphers="ECDHE+AESGCM",
        versions=TLS13_ONLY, server_order=server_order,
    )  # fmt: skip
    server = peer("tls", tls=settings)
    assert [chosen_suite(openssl, server.port, offer) for offer in OFFERS] == expected
