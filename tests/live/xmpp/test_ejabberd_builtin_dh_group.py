"""Debian 12's ejabberd 23.01 without a dhfile: the DH modulus it serves is not a prime.

A c2s listener allows a DHE suite and names no dhfile. The probe captures
the group of the ServerKeyExchange and proves it; the checker, given the
same config, fails MF006 for the same reason. fast_tls 1.1.16 on OpenSSL 3
hands its big-endian RFC 5114 array to OSSL_PARAM_BN, which reads it in
native byte order (tls_manifesto/servers/ejabberd/profile.py).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.certificates import make_self_signed
from support.skipping import require_program
from tls_manifesto.engine.check import check_config_file
from tls_manifesto.probe.results import ProbeResult
from tls_manifesto.probe.scan import probe
from tls_manifesto.probe.target import resolve
from tls_manifesto.verdicts import Status

from live.conftest import make_live_folder, stop_at_end
from live.deployment import free_port
from live.server_process import start_ejabberd

CONFIG = """\
hosts:
  - localhost
loglevel: info
certfiles:
  - {certificate}
listen:
  -
    port: {port}
    ip: "127.0.0.1"
    module: ejabberd_c2s
    starttls_required: true
    ciphers: "DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"
"""


@pytest.fixture(scope="module")
def deployed(request: pytest.FixtureRequest) -> Iterator[tuple[Path, int]]:
    require_program("ejabberdctl", "ejabberd")
    require_program("erl", "erlang-base")
    with make_live_folder() as folder:
        certificate = make_self_signed(folder, "localhost")
        port = free_port()
        config = folder / "23.01" / "ejabberd.yml"  # the checker reads the version from here
        config.parent.mkdir()
        config.write_text(CONFIG.format(certificate=certificate.combined, port=port))
        stop_at_end(request, start_ejabberd(config, folder, {"c2s": port}, free_port()))
        yield config, port


@pytest.fixture(scope="module")
def probed(deployed: tuple[Path, int]) -> ProbeResult:
    _, port = deployed
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sslyze's trust stores vs newer `cryptography`
        return probe(resolve("127.0.0.1", port, 10), "xmpp-client", "localhost", 10)


def test_the_modulus_served_is_rfc_5114_reversed_and_composite(probed: ProbeResult) -> None:
    [group] = probed.dh_groups
    assert group.known == "fast_tls-openssl3-2048"
    assert group.prime.startswith("97151a1e") and group.prime.endswith("1de6a887")
    assert (group.bits, group.is_prime, group.small_factors) == (2048, False, (7, 40013))
    assert group.problem == "the 2048-bit DH modulus is not a prime (divisible by 7 and 40013)"


def test_the_checker_fails_mf006_on_the_same_config_for_the_same_reason(
    deployed: tuple[Path, int],
) -> None:
    config, _ = deployed
    (mf006,) = [v for v in check_config_file(config) if v.rule == "MF006"]
    assert mf006.status is Status.FAIL
    assert "the built-in modulus served is not a prime" in mf006.findings[0].text
    assert "divisible by 7 and 40013" in mf006.findings[0].text
