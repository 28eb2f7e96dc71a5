"""MF004's note on OpenSSL security levels, and the OpenSSL fact it rests on.

Debian 12's ejabberd and Prosody, on OpenSSL 3.0 at its default security
level, refuse TLS 1.0 and 1.1 whatever the config says. The warning says so,
and the verdict stays on the config (an older OpenSSL would offer them).
"""

from __future__ import annotations

import datetime
import socket
import ssl
import threading
import warnings
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fixture_loading import load_fixture
from tls_manifesto.rules import RULES_BY_ID, CheckOptions
from tls_manifesto.verdicts import Status

CONFIG = """\
hosts: [example.org]
certfiles: [/etc/ejabberd/example.org.pem]
s2s_use_starttls: required_trusted
s2s_protocol_options: [no_sslv3, no_tlsv1, no_tlsv1_1]
listen:
  - port: 5222
    module: ejabberd_c2s
    starttls_required: true
    protocol_options: [no_sslv3]
"""
NOTE = "completes no TLS 1.0 or 1.1 handshake at its default security level"


def _mf004_details(tmp_path: Path, text: str) -> tuple[Status, list[str]]:
    path = tmp_path / "23.01" / "ejabberd.yml"
    path.parent.mkdir()
    path.write_text(text)
    verdict = RULES_BY_ID["MF004"].check(load_fixture(path), CheckOptions())
    return verdict.status, [f.detail for f in verdict.findings]


def test_a_tls_1_0_warning_notes_openssl_3_and_keeps_the_verdict(tmp_path: Path) -> None:
    status, details = _mf004_details(tmp_path, CONFIG)
    assert status is Status.WARN
    (detail,) = details
    assert NOTE in detail and "@SECLEVEL=0" in detail and "commit aba03ae" in detail


def test_no_note_where_the_cipher_string_lowers_the_security_level(tmp_path: Path) -> None:
    status, details = _mf004_details(tmp_path, CONFIG + '    ciphers: "HIGH:@SECLEVEL=0"\n')
    assert status is Status.WARN
    assert details and not [d for d in details if NOTE in d]


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _tls_1_0_handshake(server_ciphers: str, cert: Path, key: Path) -> str | None:
    """The version agreed when a client that allows only TLS 1.0 connects; None: refused."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TLSVersion.TLSv1 is deprecated
        server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server.load_cert_chain(cert, key)
        server.minimum_version = ssl.TLSVersion.TLSv1
        server.set_ciphers(server_ciphers)
        client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        client.check_hostname, client.verify_mode = False, ssl.CERT_NONE
        client.set_ciphers("DEFAULT:@SECLEVEL=0")
        client.minimum_version = client.maximum_version = ssl.TLSVersion.TLSv1
    ours, theirs = socket.socketpair()
    errors: list[Exception] = []

    def serve() -> None:
        try:
            with server.wrap_socket(ours, server_side=True):
                pass
        except (ssl.SSLError, OSError) as error:
            errors.append(error)

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        with client.wrap_socket(theirs) as connection:
            return connection.version()
    except (ssl.SSLError, OSError):
        return None
    finally:
        thread.join(timeout=10)


@pytest.mark.skipif(ssl.OPENSSL_VERSION_INFO < (3, 0), reason="the fact is about OpenSSL 3.0+")
def test_openssl_3_refuses_tls_1_0_at_level_1_and_allows_it_at_level_0(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    assert _tls_1_0_handshake("HIGH:!aNULL:@SECLEVEL=1", cert, key) is None
    assert _tls_1_0_handshake("HIGH:!aNULL:@SECLEVEL=0", cert, key) == "TLSv1"  # control
