"""The profile table's defaults, measured on the TLS code installed here.

Debian 12 ships ejabberd 23.01 with fast_tls 1.1.16 (erlang-p1-tls) and
Prosody 0.12.3 (prosody). The table says fast_tls 1.0.19 and later enforce
the server's cipher order unless a configured ``protocol_options`` list
replaces the default one, and name their default cipher list and options;
it says Prosody 0.12.0-0.12.3 apply Mozilla 5.6's intermediate list. Each
test checks one such fact against the installed package: a live fast_tls
server on 127.0.0.1 for the cipher order and for a non-forward-secret suite
its default list accepts (each with a configured value as the control), the
library's and Prosody's own files for the strings.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support.fast_tls_server import FAST_TLS, FAST_TLS_SERVER, require_fast_tls
from support.skipping import require_program, skip_or_fail
from tls_manifesto.servers.ejabberd.profile import ejabberd_profile
from tls_manifesto.servers.prosody.profile import prosody_profile
from tls_manifesto.tls.ciphers import expand_cipher_string

PROSODY = Path("/usr/lib/prosody")
# Offered in this order; fast_tls's default list (@STRENGTH) puts AES-256 first.
CLIENT_ORDER = "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384"


@pytest.fixture
def certificate_and_key(tmp_path: Path) -> Path:
    openssl = require_program("openssl", "openssl")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-subj", "/CN=localhost", "-days", "2"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    combined = tmp_path / "cert-and-key.pem"
    combined.write_text(cert.read_text() + key.read_text())
    return combined


@contextmanager
def _fast_tls_server(
    tmp_path: Path, pem: Path, protocol_options: str = "default", ciphers: str = "default"
) -> Iterator[int]:
    """A fast_tls server on 127.0.0.1; "default" leaves that option out, as a config would."""
    escript = require_program("escript", "erlang-base")
    require_fast_tls()
    script = tmp_path / "server.escript"
    script.write_text(FAST_TLS_SERVER)
    server = subprocess.Popen(
        [escript, str(script), str(pem), protocol_options, ciphers],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        first = server.stdout.readline().strip()
        assert first.isdigit(), f"server did not start: {first}{server.stdout.read()}"
        yield int(first)
    finally:
        if server.poll() is None:
            server.kill()  # only the server this test started, by its handle
        server.wait(timeout=10)


def _negotiated(port: int, offer: str = CLIENT_ORDER) -> str | None:
    """The suite agreed on, None when the handshake fails."""
    openssl = require_program("openssl", "openssl")
    result = subprocess.run(
        [openssl, "s_client", "-connect", f"127.0.0.1:{port}", "-tls1_2", "-cipher", offer],
        input="", capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    found = re.search(r"Cipher is (\S+)", result.stdout)
    return None if found is None or found.group(1) == "(NONE)" else found.group(1)


def test_fast_tls_default_options_enforce_the_servers_order(
    tmp_path: Path, certificate_and_key: Path
) -> None:
    with _fast_tls_server(tmp_path, certificate_and_key) as port:
        chosen = _negotiated(port)
    assert chosen == "ECDHE-RSA-AES256-GCM-SHA384"  # the server's @STRENGTH order won
    assert ejabberd_profile("23.01").default_server_cipher_order is True


def test_a_configured_protocol_options_list_replaces_the_default(
    tmp_path: Path, certificate_and_key: Path
) -> None:
    # The control: the same server, with a list that leaves out cipher_server_preference.
    with _fast_tls_server(tmp_path, certificate_and_key, protocol_options="no_sslv3") as port:
        chosen = _negotiated(port)
    assert chosen == "ECDHE-RSA-AES128-GCM-SHA256"  # the client's first choice


def test_fast_tls_default_list_accepts_a_non_forward_secret_suite(
    tmp_path: Path, certificate_and_key: Path
) -> None:
    # What MF003 reports for ejabberd 18.01+ without ciphers: HIGH keeps RSA key exchange.
    with _fast_tls_server(tmp_path, certificate_and_key) as port:
        assert _negotiated(port, "AES256-GCM-SHA384") == "AES256-GCM-SHA384"
    expansion = expand_cipher_string(ejabberd_profile("23.01").default_ciphers or "")
    assert "AES256-GCM-SHA384" in expansion.names


def test_a_configured_forward_secret_list_refuses_it(
    tmp_path: Path, certificate_and_key: Path
) -> None:
    # The control: the same server and client, with a cipher list a hardened config sets.
    with _fast_tls_server(tmp_path, certificate_and_key, ciphers="ECDHE+AESGCM") as port:
        assert _negotiated(port, "AES256-GCM-SHA384") is None


def test_fast_tls_library_holds_the_default_strings_of_the_profile() -> None:
    require_fast_tls()
    library = (FAST_TLS / "priv" / "lib" / "fast_tls.so").read_bytes()
    profile = ejabberd_profile("23.01")
    assert profile.default_ciphers is not None
    assert profile.default_ciphers.encode() + b"\0" in library
    assert b"no_sslv3|cipher_server_preference|no_compression\0" in library
    assert any(
        "no_sslv3|cipher_server_preference|no_compression" in s.title for s in profile.sources
    )


def _installed_prosody() -> tuple[str, str]:
    version_file = PROSODY / "prosody.version"
    certmanager = PROSODY / "core" / "certmanager.lua"
    if not (version_file.is_file() and certmanager.is_file()):
        skip_or_fail(f"needs Prosody in {PROSODY} (Debian package prosody)")
    return version_file.read_text().strip(), certmanager.read_text()


def _lua_list(text: str, opening: str) -> list[str]:
    """The quoted strings of the first ``ciphers = { ... }`` after ``opening``, comments off."""
    block = re.sub(r"--[^\n]*", "", text[text.index(opening) :])
    ciphers = block[block.index("ciphers = {") :]
    return re.findall(r'"([^"]+)"', ciphers[: ciphers.index("}")])


def test_installed_prosody_intermediate_list_is_the_profiles() -> None:
    version, certmanager = _installed_prosody()
    profile = prosody_profile(version)
    assert profile.default_ciphers is not None
    assert _lua_list(certmanager, "intermediate = {") == profile.default_ciphers.split(":")
    assert "dhparam = nil" in certmanager.split("intermediate = {")[1].split("};")[0]
    assert not profile.dhe_without_params or not profile.dhe_without_params.negotiates_dhe


def test_installed_prosody_core_defaults_are_the_legacy_preset() -> None:
    version, certmanager = _installed_prosody()
    legacy = prosody_profile(version, "legacy")
    assert legacy.default_ciphers is not None
    assert ":".join(_lua_list(certmanager, "local core_defaults")) == legacy.default_ciphers
