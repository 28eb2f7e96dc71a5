"""The DHE facts in the server profiles, measured on the TLS libraries installed here.

``ServerProfile.dhe_without_params`` says Prosody 0.12's TLS library (LuaSec)
negotiates no DHE suite without a dhparam file, and ejabberd 23.01's
(fast_tls 1.1.16, Debian package erlang-p1-tls) uses a built-in 2048-bit
group. Each test starts a real TLS server on 127.0.0.1 with that library, no
DH parameters and a DHE-only cipher list, and connects with
``openssl s_client`` offering only DHE suites. For fast_tls the group itself
is captured too (with nassl, sslyze's OpenSSL binding, which returns the
prime and generator of the ServerKeyExchange): on Debian 12's OpenSSL 3 it
is the RFC 5114 section 2.3 prime with its bytes reversed, not a prime.
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support.fast_tls_server import FAST_TLS_SERVER, require_fast_tls
from support.skipping import require_program, skip_or_fail
from tls_manifesto.servers.ejabberd.profile import ejabberd_profile
from tls_manifesto.servers.prosody.profile import prosody_profile
from tls_manifesto.tls.dh_groups import known_group, prove_group

DHE_ONLY = "DHE-RSA-AES128-GCM-SHA256"

LUASEC_SERVER = """\
local socket = require "socket"
local ssl = require "ssl"
local params = {{ mode = "server", protocol = "tlsv1_2", key = "{key}",
  certificate = "{cert}", ciphers = "{ciphers}", options = {{ "all" }}{dhparam} }}
local ctx = assert(ssl.newcontext(params))
local server = assert(socket.bind("127.0.0.1", 0))
local _, port = server:getsockname()
io.stdout:write(port, "\\n"); io.stdout:flush()
local client = ssl.wrap(server:accept(), ctx)
client:settimeout(10)
print(client:dohandshake())
"""


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    openssl = require_program("openssl", "openssl")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-subj", "/CN=localhost", "-days", "2"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return key, cert


@contextmanager
def _serve(command: list[str], cwd: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    server = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline().strip()
        assert first.isdigit(), f"server did not start: {first}{server.stdout.read()}"
        yield server, int(first)
    finally:
        if server.poll() is None:
            server.kill()  # only the server this test started, by its handle
        server.wait(timeout=10)


def _connect(port: int, ciphers: str) -> str:
    openssl = require_program("openssl", "openssl")
    result = subprocess.run(
        [openssl, "s_client", "-connect", f"127.0.0.1:{port}", "-tls1_2", "-cipher", ciphers],
        input="", capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    return result.stdout + result.stderr


def _luasec(tmp_path: Path, certificate: tuple[Path, Path], dhparam: Path | None) -> str:
    lua = require_program("lua5.4", "lua5.4")
    probe = subprocess.run([lua, "-e", 'require "ssl"'], capture_output=True, timeout=30)
    if probe.returncode != 0:
        skip_or_fail("needs LuaSec for Lua 5.4 (Debian package lua-sec)")
    key, cert = certificate
    extra = f", dhparam = function() return [[{dhparam.read_text()}]] end" if dhparam else ""
    script = tmp_path / "server.lua"
    ciphers = f"{DHE_ONLY}:ECDHE-RSA-AES128-GCM-SHA256"
    script.write_text(LUASEC_SERVER.format(key=key, cert=cert, ciphers=ciphers, dhparam=extra))
    with _serve([lua, str(script)], tmp_path) as (server, port):
        client = _connect(port, DHE_ONLY)
        assert server.stdout is not None
        return client + server.stdout.read()


def test_luasec_without_dhparam_negotiates_no_dhe_suite(
    tmp_path: Path, certificate: tuple[Path, Path]
) -> None:
    output = _luasec(tmp_path, certificate, None)
    assert "no shared cipher" in output
    assert f"Cipher is {DHE_ONLY}" not in output
    fact = prosody_profile("0.12").dhe_without_params
    assert fact is not None and not fact.negotiates_dhe


def test_luasec_with_dhparam_does_negotiate_dhe(
    tmp_path: Path, certificate: tuple[Path, Path]
) -> None:
    # The control: the same server and client agree on DHE once a dhparam is set.
    dhparam = Path(__file__).resolve().parents[1] / "fixtures/rules/MF006/dh2048.pem"
    output = _luasec(tmp_path, certificate, dhparam)
    assert f"Cipher is {DHE_ONLY}" in output
    assert "Server Temp Key: DH, 2048 bits" in output


def _fast_tls_server(tmp_path: Path, certificate: tuple[Path, Path]) -> list[str]:
    escript = require_program("escript", "erlang-base")
    require_fast_tls()
    key, cert = certificate
    combined = tmp_path / "cert-and-key.pem"
    combined.write_text(cert.read_text() + key.read_text())
    script = tmp_path / "server.escript"
    script.write_text(FAST_TLS_SERVER)
    return [escript, str(script), str(combined), "default", DHE_ONLY]


def test_fast_tls_without_dhfile_uses_a_2048_bit_group(
    tmp_path: Path, certificate: tuple[Path, Path]
) -> None:
    command = _fast_tls_server(tmp_path, certificate)
    with _serve(command, tmp_path) as (_, port):
        output = _connect(port, DHE_ONLY)
    assert f"Cipher is {DHE_ONLY}" in output
    assert "Server Temp Key: DH, 2048 bits" in output
    fact = ejabberd_profile("23.01").dhe_without_params
    assert fact is not None and fact.negotiates_dhe and fact.builtin_group_bits == 2048


def _server_key_exchange_group(port: int) -> tuple[int, int]:
    """(p, g) of the DHE ServerKeyExchange, from one TLS 1.2 handshake."""
    ssl_client = pytest.importorskip("nassl.ssl_client", reason="install the '[probe]' extra")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        client = ssl_client.SslClient(
            ssl_version=ssl_client.OpenSslVersionEnum.TLSV1_2,
            underlying_socket=sock,
            ssl_verify=ssl_client.OpenSslVerifyEnum.NONE,
            # fast_tls asks for a client certificate (verify_peer); go on without one.
            ignore_client_authentication_requests=True,
        )
        client.set_cipher_list(DHE_ONLY)
        client.do_handshake()
        key = client.get_ephemeral_key()
        client.shutdown()
    return int.from_bytes(key.prime, "big"), int.from_bytes(key.generator, "big")


def test_fast_tls_on_openssl_3_serves_rfc_5114_with_its_bytes_reversed(
    tmp_path: Path, certificate: tuple[Path, Path]
) -> None:
    command = _fast_tls_server(tmp_path, certificate)
    with _serve(command, tmp_path) as (_, port):
        prime, generator = _server_key_exchange_group(port)
    assert format(prime, "x").startswith("97151a1e") and format(prime, "x").endswith("1de6a887")
    proof = prove_group(prime, generator)
    assert proof.known is not None and proof.known.key == "fast_tls-openssl3-2048"
    assert not proof.prime_is_prime and proof.small_factors == (7, 40013)
    rfc_5114 = known_group("rfc5114-2048-256").prime
    assert prime == int.from_bytes(rfc_5114.to_bytes(256, "big"), "little")
    # The profile says so: what ejabberd 23.01 serves without a dhfile, as a known group.
    fact = ejabberd_profile("23.01").dhe_without_params
    assert fact is not None and fact.group_key == "fast_tls-openssl3-2048"
