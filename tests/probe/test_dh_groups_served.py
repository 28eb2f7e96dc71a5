"""The probe proves the DH group a server sends, not only its size.

A loopback TLS server serves DHE with a given group: fast_tls's built-in
group on OpenSSL 3 (the RFC 5114 section 2.3 prime with its bytes reversed,
a composite number), and ffdhe2048 as the control.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any

from peer_server import PeerServer, TlsSettings
from support.certificates import CertificateFiles
from support.dh_pem import write_dh_pem
from support.probe_cli import run_probe
from tls_manifesto.tls.dh_groups import known_group

DHE_ONLY = "DHE-RSA-AES128-GCM-SHA256"


def _probe_dhe(
    peer: Callable[..., PeerServer], certificate: CertificateFiles, tmp_path: Path, key: str
) -> dict[str, Any]:
    group = known_group(key)
    dh_file = write_dh_pem(tmp_path / "dh.pem", group.prime, group.generator)
    settings = TlsSettings(
        certificate.certificate,
        certificate.key,
        ciphers=DHE_ONLY,
        versions=(ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_2),
        dh_params=dh_file,
    )
    server = peer("tls", tls=settings)
    done = run_probe(server.target, "--starttls", "none", "--format", "json", "--timeout", "5")
    assert done.returncode == 0, done.stderr
    return {**json.loads(done.stdout), "target": server.target}


def test_a_composite_modulus_is_reported_with_its_factors(
    peer: Callable[..., PeerServer], certificate: CertificateFiles, tmp_path: Path
) -> None:
    report = _probe_dhe(peer, certificate, tmp_path, "fast_tls-openssl3-2048")
    [group] = report["dh_groups"]
    assert group["known"] == "fast_tls-openssl3-2048"
    assert group["prime"].startswith("97151a1e") and group["prime"].endswith("1de6a887")
    assert (group["is_prime"], group["safe_prime"]) == (False, False)
    assert group["small_factors"] == [7, 40013]
    assert report["summary"]["dh_group_problems"] == [
        "the 2048-bit DH modulus is not a prime (divisible by 7 and 40013)"
    ]
    text = run_probe(report["target"], "--starttls", "none", "--timeout", "5").stdout
    assert (
        "DH group 2048 bits, the RFC 5114 section 2.3 prime with its bytes reversed: fast_tls's"
        " built-in group on OpenSSL 3: NOT USABLE: the 2048-bit DH modulus is not a prime"
    ) in text


def test_an_rfc_7919_group_is_named_and_has_no_problem(
    peer: Callable[..., PeerServer], certificate: CertificateFiles, tmp_path: Path
) -> None:
    report = _probe_dhe(peer, certificate, tmp_path, "ffdhe2048")
    [group] = report["dh_groups"]
    assert group["name"] == "ffdhe2048 of RFC 7919 appendix A.1"
    assert (group["is_prime"], group["safe_prime"], group["problem"]) == (True, True, None)
    assert report["summary"]["dh_group_problems"] == []
