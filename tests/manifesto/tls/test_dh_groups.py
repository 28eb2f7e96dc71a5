"""The table of known DH groups, and the proof of a group, against OpenSSL's own verdict."""

from __future__ import annotations

import subprocess

import pytest
from support.skipping import require_program
from tls_manifesto.tls.dh_groups import _by_prime, is_probable_prime, known_group, prove_group

# `openssl prime` takes minutes on the 6144- and 8192-bit safe primes on a busy
# machine; their records were made the same way as these, by the same command.
GROUPS = sorted(
    (g for g in _by_prime().values() if g.prime.bit_length() <= 4096), key=lambda g: g.key
)


def _openssl_says_prime(number: int) -> bool:
    openssl = require_program("openssl", "openssl")
    done = subprocess.run(
        [openssl, "prime", str(number)], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.rstrip().endswith("is prime")


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g.key)
def test_each_recorded_fact_is_what_openssl_says(group) -> None:
    assert group.is_prime == _openssl_says_prime(group.prime)
    assert group.safe_prime == (group.is_prime and _openssl_says_prime((group.prime - 1) // 2))


def test_fast_tls_serves_rfc_5114_section_2_3_with_its_bytes_reversed() -> None:
    rfc = known_group("rfc5114-2048-256")
    served = known_group("fast_tls-openssl3-2048")
    assert served.prime == int.from_bytes(rfc.prime.to_bytes(256, "big"), "little")
    assert served.generator == int.from_bytes(rfc.generator.to_bytes(256, "big"), "little")
    proof = prove_group(served.prime, served.generator)
    assert proof.small_factors == (7, 40013)
    assert proof.problem == "the 2048-bit DH modulus is not a prime (divisible by 7 and 40013)"


def test_miller_rabin_agrees_with_openssl_on_groups_it_has_not_seen() -> None:
    # Not from the table: prove_group looks known groups up, so change them.
    ffdhe = known_group("ffdhe2048").prime
    for number in (ffdhe, (ffdhe - 1) // 2, ffdhe + 2, 40013 * 7, 2**127 - 1, 561):
        assert is_probable_prime(number) == _openssl_says_prime(number), number


def test_small_groups_show_each_problem() -> None:
    assert prove_group(2027, 2).problem is None  # 2027 and 1013 are prime
    assert prove_group(2043, 2).problem == "the 11-bit DH modulus is not a prime (divisible by 3)"
    assert prove_group(2029, 2).problem.startswith("the 11-bit DH modulus is prime but not a safe")
    assert prove_group(2027, 1).problem.startswith("the DH generator")


def test_an_rfc_7919_group_is_named() -> None:
    group = known_group("ffdhe2048")
    proof = prove_group(group.prime, group.generator)
    assert proof.known is group and group.is_rfc7919
    assert proof.name == "ffdhe2048 of RFC 7919 appendix A.1"
