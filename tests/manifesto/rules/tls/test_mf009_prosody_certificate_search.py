"""MF009 looks for a Prosody host's certificate where Prosody looks (core/certmanager.lua).

Debian 12's prosody.cfg.lua as installed names ``certificates = "certs"``
and ships that directory empty: live, every handshake fails ("No
certificate present in SSL/TLS configuration for localhost"). A directory
that is missing or empty cannot pass, and each host with no certificate
there is reported.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fixture_loading import load_fixture
from tls_manifesto.rules import RULES_BY_ID, CheckOptions
from tls_manifesto.verdicts import Status, Verdict

KEY_NOTE = "only its being a file counts for Prosody's search\n"


def _config(tmp_path: Path, text: str, version: str = "0.12") -> Path:
    path = tmp_path / version / "prosody.cfg.lua"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


def _mf009(path: Path) -> Verdict:
    return RULES_BY_ID["MF009"].check(load_fixture(path), CheckOptions("require-fs"))


def _pem_certificate(name: str, expired: bool = False) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    start = now - datetime.timedelta(days=30 if expired else 1)
    end = now - datetime.timedelta(days=1) if expired else now + datetime.timedelta(days=30)
    subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "test")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.PEM)


def _put(directory: Path, files: dict[str, bytes | str]) -> None:
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


DEBIAN_SHAPE = 'certificates = "certs"\n\nVirtualHost "localhost"\n'


def test_an_empty_certs_directory_fails_naming_the_host(tmp_path: Path) -> None:
    path = _config(tmp_path, DEBIAN_SHAPE)
    (path.parent / "certs").mkdir()
    verdict = _mf009(path)
    assert verdict.status is Status.FAIL, verdict
    (finding,) = verdict.findings
    assert finding.line == 3
    assert finding.message == f"no certificate for localhost: {path.parent / 'certs'} is empty"
    assert f"{path.parent / 'certs'}/localhost.crt" in finding.detail


def test_a_missing_certs_directory_cannot_pass(tmp_path: Path) -> None:
    path = _config(tmp_path, 'VirtualHost "a.example"\n')
    verdict = _mf009(path)
    assert verdict.status is Status.FAIL, verdict
    assert [f.message for f in verdict.findings] == [
        f"no certificate for a.example: {path.parent / 'certs'} is not there"
    ]


def test_each_host_without_a_certificate_is_reported(tmp_path: Path) -> None:
    path = _config(
        tmp_path, 'certificates = "certs"\nVirtualHost "a.example"\nVirtualHost "b.example"\n'
    )
    _put(
        path.parent / "certs",
        {"a.example.crt": _pem_certificate("a.example"), "a.example.key": KEY_NOTE},
    )
    verdict = _mf009(path)
    assert verdict.status is Status.FAIL, verdict
    assert [(f.line, f.message) for f in verdict.findings] == [
        (3, "no certificate for b.example: nothing there for b.example")
    ]


@pytest.mark.parametrize(
    ("files", "taken"),
    [
        ({"a.example.crt": "x", "a.example.key": KEY_NOTE}, "a.example.crt"),
        (
            {"a.example/fullchain.pem": "x", "a.example/privkey.pem": KEY_NOTE},
            "a.example/fullchain.pem",
        ),
        ({"a.example.pem": "x"}, "a.example.pem"),
    ],
    ids=["crt-and-key", "fullchain-and-privkey", "one-pem"],
)
def test_each_file_layout_prosody_tries_is_found(
    tmp_path: Path, files: dict[str, str], taken: str
) -> None:
    path = _config(tmp_path, 'VirtualHost "a.example"\n')
    _put(path.parent / "certs", files)
    verdict = _mf009(path)
    assert verdict.status is Status.PASS, verdict
    assert f"VirtualHost a.example c2s, s2s ({path.parent / 'certs' / taken})" in verdict.summary


def test_a_certificate_without_its_key_is_not_taken(tmp_path: Path) -> None:
    path = _config(tmp_path, 'VirtualHost "a.example"\n')
    _put(path.parent / "certs", {"a.example.crt": _pem_certificate("a.example")})
    verdict = _mf009(path)
    assert verdict.status is Status.FAIL, verdict
    assert (
        verdict.findings[0].message == "no certificate for a.example: nothing there for a.example"
    )


def test_a_certificate_naming_the_host_is_found_from_0_12_only(tmp_path: Path) -> None:
    # index_certs came with 0.12.0; 0.11 tries only the file names derived from the host.
    text = 'modules_enabled = { "tls" }\ncertificates = "certs"\nVirtualHost "a.example"\n'
    for version, status in (("0.12", Status.PASS), ("0.11", Status.FAIL)):
        path = _config(tmp_path / version, text, version)
        _put(path.parent / "certs", {"letsencrypt/site.crt": _pem_certificate("a.example"),
                                     "letsencrypt/site.key": KEY_NOTE})  # fmt: skip
        assert _mf009(path).status is status, version


def test_an_expired_certificate_naming_the_host_is_not_indexed(tmp_path: Path) -> None:
    path = _config(tmp_path, 'VirtualHost "a.example"\n')
    _put(path.parent / "certs", {"site.crt": _pem_certificate("a.example", expired=True),
                                 "site.key": KEY_NOTE})  # fmt: skip
    assert _mf009(path).status is Status.FAIL


def test_a_subdomain_takes_its_parent_domain_certificate(tmp_path: Path) -> None:
    path = _config(tmp_path, 'VirtualHost "conference.example.org"\n')
    _put(path.parent / "certs", {"example.org.crt": "x", "example.org.key": KEY_NOTE})
    verdict = _mf009(path)
    assert verdict.status is Status.PASS, verdict
    assert "example.org.crt" in verdict.summary


def test_the_cli_fails_the_debian_shape_at_the_virtualhost_line(tmp_path: Path) -> None:
    path = _config(tmp_path, DEBIAN_SHAPE)
    (path.parent / "certs").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "tls_manifesto.cli.main", "check", str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    headline = "MF009 error: VirtualHost localhost c2s, s2s: no certificate for localhost"
    assert f"{path}:3: {headline}" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_direct_tls_port_serves_the_hosts_certificate_by_sni_from_0_12(tmp_path: Path) -> None:
    # portmanager.lua add_sni_host (0.12.0+); 0.11 looks only for the service's own files.
    text = 'c2s_direct_tls_ports = { 5223 }\nVirtualHost "a.example"\n'
    found = {}
    for version in ("0.12", "0.11"):
        path = _config(tmp_path / version, text, version)
        _put(path.parent / "certs", {"a.example.pem": "certificate and key"})
        verdict = _mf009(path)
        found[version] = [f.headline for f in verdict.findings]
    assert found["0.12"] == []
    assert found["0.11"] == [
        "c2s_direct_tls_ports 5223: no certificate for c2s_direct_tls: nothing there for"
        " c2s_direct_tls"
    ]
