"""Prove a Diffie-Hellman group: is the modulus a (safe) prime, is the generator sane, whose is it.

A server that serves DHE sends its group (p, g) in every ServerKeyExchange,
and a DH file holds one; neither says whether p is prime. fast_tls 1.1.14
and later, built with OpenSSL 3, serve a composite p (see dh_groups.json,
key ``fast_tls-openssl3-2048``), so a size alone proves nothing.

The known groups in dh_groups.json were read from their sources: the RFC
7919, RFC 3526 and RFC 5114 groups from OpenSSL 3.0's named groups
(``openssl genpkey -genparam -algorithm DH -pkeyopt group:NAME``), the RFC
3526 and RFC 2409 primes checked against their defining formula
(2^n - 2^(n-64) - 1 + 2^64 * (floor(2^(n-130) pi) + k)), and the server
built-ins from the C arrays at the tags named in each entry. Each entry
records whether its prime and (p-1)/2 are prime, as ``openssl prime`` says
(tests/manifesto/tls/test_dh_groups.py checks the record the same way): a
known group is looked up, not proved again, because Miller-Rabin in Python
on an 8192-bit group takes minutes on a busy machine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Miller-Rabin with these fixed bases, for groups not in the table: a
# composite passes one base with probability at most 1/4, so 20 bases leave
# at most 2^-40 even for a modulus built to fool them, and far less for one
# from `openssl dhparam`. Fixed bases keep verdicts reproducible.
WITNESSES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71)
# Trial division up to this bound names the small factors of a composite
# modulus in the message (7 and 40013 for fast_tls's).
SMALL_FACTOR_BOUND = 100_000


@dataclass(frozen=True)
class KnownGroup:
    key: str  # e.g. "ffdhe2048", "rfc5114-2048-256"
    name: str  # for messages: "ffdhe2048 of RFC 7919 appendix A.1"
    source: str
    url: str
    also: str | None  # who else ships it, e.g. "also Prosody 13.0's default"
    prime: int
    generator: int
    is_prime: bool  # as recorded from `openssl prime`
    safe_prime: bool

    @property
    def is_rfc7919(self) -> bool:
        return self.key.startswith("ffdhe")

    @property
    def is_published_standard(self) -> bool:
        """An RFC 7919 or RFC 3526 group: safe primes published for everyone to share."""
        return self.is_rfc7919 or self.key.startswith("rfc3526-")


@dataclass(frozen=True)
class GroupProof:
    """What could be proved about one group (p, g)."""

    bits: int
    prime_is_prime: bool
    safe_prime: bool  # p prime and (p - 1) / 2 prime
    small_factors: tuple[int, ...]  # of a composite p, below SMALL_FACTOR_BOUND
    generator_ok: bool  # 1 < g < p - 1
    known: KnownGroup | None

    @property
    def name(self) -> str:
        return self.known.name if self.known else f"a {self.bits}-bit group of no known source"

    @property
    def problem(self) -> str | None:
        """Why this group must not be used, in words; None when it may."""
        if not self.prime_is_prime:
            factors = " and ".join(map(str, self.small_factors))
            by = f" (divisible by {factors})" if factors else ""
            return f"the {self.bits}-bit DH modulus is not a prime{by}"
        if not self.safe_prime:
            return (
                f"the {self.bits}-bit DH modulus is prime but not a safe prime ((p-1)/2 is "
                "composite), and TLS sends no subgroup order a client could check "
                "(RFC 7919 section 1)"
            )
        if not self.generator_ok:
            return "the DH generator is 0, 1 or p-1, which generate no usable subgroup"
        return None


@cache
def prove_group(prime: int, generator: int) -> GroupProof:
    known = _by_prime().get(prime)
    if known is not None:
        prime_is_prime, safe = known.is_prime, known.safe_prime
    else:
        prime_is_prime = is_probable_prime(prime)
        safe = prime_is_prime and is_probable_prime((prime - 1) // 2)
    return GroupProof(
        bits=prime.bit_length(),
        prime_is_prime=prime_is_prime,
        safe_prime=safe,
        small_factors=() if prime_is_prime else _small_factors(prime),
        generator_ok=1 < generator < prime - 1,
        known=known,
    )


def known_group(key: str) -> KnownGroup:
    """One group of dh_groups.json by its key; KeyError names the keys when it is not there."""
    for group in _by_prime().values():
        if group.key == key:
            return group
    raise KeyError(f"no DH group {key!r} in dh_groups.json")


def is_probable_prime(n: int) -> bool:
    if n < 2:
        return False
    for small in WITNESSES:
        if n % small == 0:
            return n == small
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    return all(_passes(n, a, d, s) for a in WITNESSES)


def _passes(n: int, a: int, d: int, s: int) -> bool:
    x = pow(a, d, n)
    if x in (1, n - 1):
        return True
    for _ in range(s - 1):
        x = x * x % n
        if x == n - 1:
            return True
    return False


def _small_factors(n: int) -> tuple[int, ...]:
    found = []
    candidate = 2
    while candidate < SMALL_FACTOR_BOUND and candidate * candidate <= n:
        if n % candidate == 0:
            found.append(candidate)
            while n % candidate == 0:
                n //= candidate
        candidate += 1 if candidate == 2 else 2
    return tuple(found)


@cache
def _by_prime() -> dict[int, KnownGroup]:
    text = resources.files(__package__).joinpath("dh_groups.json").read_text(encoding="utf-8")
    groups = {}
    for entry in json.loads(text):
        prime = int(entry["prime"], 16)
        groups[prime] = KnownGroup(
            key=entry["key"],
            name=entry["name"],
            source=entry["source"],
            url=entry["url"],
            also=entry.get("also"),
            prime=prime,
            generator=entry["generator"],
            is_prime=entry["is_prime"],
            safe_prime=entry["safe_prime"],
        )
    return groups
