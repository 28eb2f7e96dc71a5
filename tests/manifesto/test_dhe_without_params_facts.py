"""The DHE facts in the server profiles, measured on the TLS libraries installed here.

``ServerProfile.dhe_without_params`` says Prosody 0.12's TLS library (LuaSec)
negotiates no DHE suite without a dhparam file, and ejabberd 23.01's
(fast_tls 1.1.16, Debian package erlang-p1-tls) uses a built-in 2048-bit
group. Each test starts a real TLS server on 127.0.0.1 with that library, no
DH parameters and a DHE-only cipher list, and connects with
``openssl s_client`` offering only DHE suites.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support.skipping import skip_or_fail
from tls_manifesto.servers.ejabberd_profile import ejabberd_profile
from tls_manifesto.servers.prosody_profile import prosody_profile

DHE_ONLY = "DHE-RSA-AES128-GCM-SHA256"
FAST_TLS = Path("/usr/lib/erlang/lib/p1_tls-1.1.16")

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

FAST_TLS_SERVER = """\
#!/usr/bin/env escript
main([CertFile, Ciphers]) ->
    {ok, _} = application:ensure_all_started(fast_tls),
    {ok, Listen} = gen_tcp:listen(0, [binary, {active, false}, {ip, {127,0,0,1}}]),
    {ok, Port} = inet:port(Listen),
    io:format("~b~n", [Port]),
    {ok, Socket} = gen_tcp:accept(Listen, 10000),
    {ok, Tls} = fast_tls:tcp_to_tls(Socket, [{certfile, list_to_binary(CertFile)},
                                            {ciphers, list_to_binary(Ciphers)}]),
    loop(Socket, Tls).

loop(Socket, Tls) ->
    case gen_tcp:recv(Socket, 0, 10000) of
        {ok, Data} ->
            case fast_tls:recv_data(Tls, Data) of
                {ok, _} -> loop(Socket, Tls);
                {error, Error} -> io:format("error ~p~n", [Error])
            end;
        {error, Error} -> io:format("closed ~p~n", [Error])
    end.
"""


def _require(program: str, package: str) -> str:
    found = shutil.which(program)
    if found is None:
        skip_or_fail(f"needs {program} (Debian package {package})")
    return str(found)


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    openssl = _require("openssl", "openssl")
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
    openssl = _require("openssl", "openssl")
    result = subprocess.run(
        [openssl, "s_client", "-connect", f"127.0.0.1:{port}", "-tls1_2", "-cipher", ciphers],
        input="", capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    return result.stdout + result.stderr


def _luasec(tmp_path: Path, certificate: tuple[Path, Path], dhparam: Path | None) -> str:
    lua = _require("lua5.4", "lua5.4")
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


def test_fast_tls_without_dhfile_uses_a_2048_bit_group(
    tmp_path: Path, certificate: tuple[Path, Path]
) -> None:
    escript = _require("escript", "erlang-base")
    if not (FAST_TLS / "ebin" / "fast_tls.beam").is_file():
        skip_or_fail(f"needs fast_tls 1.1.16 in {FAST_TLS} (Debian package erlang-p1-tls)")
    key, cert = certificate
    combined = tmp_path / "cert-and-key.pem"
    combined.write_text(cert.read_text() + key.read_text())
    script = tmp_path / "server.escript"
    script.write_text(FAST_TLS_SERVER)
    with _serve([escript, str(script), str(combined), DHE_ONLY], tmp_path) as (_, port):
        output = _connect(port, DHE_ONLY)
    assert f"Cipher is {DHE_ONLY}" in output
    assert "Server Temp Key: DH, 2048 bits" in output
    fact = ejabberd_profile("23.01").dhe_without_params
    assert fact is not None and fact.negotiates_dhe and fact.builtin_group_bits == 2048
