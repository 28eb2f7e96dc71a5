"""Per-rule verdicts from what any TLS endpoint showed live, compared with the static ones.

The rule ids are the manifesto checker's (ext/tls_manifesto/rules/): MF003
forward secrecy, MF004 no SSLv2/SSLv3/TLS 1.0/TLS 1.1, MF005 server cipher
order, MF006 DH groups of 2048 bits or more, MF007 ECDH curves of 128-bit
strength or more, MF009 certificates configured. What only one kind of
server shows (XMPP's STARTTLS requirement, HSTS, mail logins) is judged in
its folder: xmpp/, web/, mail/.
"""

from __future__ import annotations

import functools
import ssl
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tls_manifesto.probe.results import ProbeResult
from tls_manifesto.rules.tls.dh_parameters import MINIMUM_PRIME_BITS
from tls_manifesto.rules.tls.ecdh_curves import CURVE_STRENGTH_BITS, MINIMUM_STRENGTH_BITS
from tls_manifesto.verdicts import Status, Verdict

OBSOLETE_VERSIONS = ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1")
LiveStatus = Literal["pass", "fail", "not-observed"]


@dataclass(frozen=True)
class LiveVerdict:
    rule: str
    status: LiveStatus
    evidence: str


@dataclass(frozen=True)
class Comparison:
    rule: str
    outcome: Literal["agree", "live-weaker", "live-stricter", "not-applicable", "one-sided"]
    message: str

    @property
    def is_failure(self) -> bool:
        return self.outcome == "live-weaker" or (
            self.outcome == "live-stricter" and "system OpenSSL" not in self.message
        )


def tls_verdicts(results: list[ProbeResult]) -> list[LiveVerdict]:
    """MF003-MF007 and MF009 from the TLS endpoints, joined as the static verdict joins them."""
    verdicts: list[LiveVerdict] = []
    non_fs = sorted({s for r in results for s in r.non_forward_secret_suites})
    verdicts.append(LiveVerdict("MF003", "fail" if non_fs else "pass", f"non-FS suites: {non_fs}"))
    obsolete = sorted({v for r in results for v in r.accepted_versions if v in OBSOLETE_VERSIONS})
    untested = sorted({v for r in results for v in r.untested_versions})
    verdicts.append(
        LiveVerdict(
            "MF004",
            "fail" if obsolete else "pass",
            f"obsolete versions accepted: {obsolete}; not testable here: {untested}",
        )
    )
    orders = [r.server_order for r in results if r.server_order.enforced is not None]
    # As the rule reads it (rules/tls/server_cipher_order.py): the client's order cannot
    # weaken a server that accepts only forward-secret suites.
    enforced = all(o.enforced for o in orders) or not non_fs
    verdicts.append(
        LiveVerdict(
            "MF005",
            ("pass" if enforced else "fail") if orders else "not-observed",
            "; ".join([*(o.reason for o in orders), f"non-FS suites accepted: {len(non_fs)}"])
            if orders
            else "fewer than two suites accepted",
        )
    )
    dh_sizes = [r.smallest_group("DH") for r in results if r.smallest_group("DH") is not None]
    # A group's size proves nothing of it: a composite or non-safe modulus fails too.
    dh_problems = sorted({g.problem for r in results for g in r.dh_groups if g.problem})
    dh_detail = f"smallest DHE group: {min(dh_sizes) if dh_sizes else 'no DHE suite accepted'}"
    verdicts.append(
        LiveVerdict(
            "MF006",
            ("pass" if min(dh_sizes) >= MINIMUM_PRIME_BITS and not dh_problems else "fail")
            if dh_sizes
            else "not-observed",
            "; ".join([dh_detail, *dh_problems]),
        )
    )
    curves = sorted({s.curve for r in results for s in r.accepted_suites if s.curve})
    weak = [c for c in curves if CURVE_STRENGTH_BITS.get(c.lower(), 0) < MINIMUM_STRENGTH_BITS]
    verdicts.append(
        LiveVerdict(
            "MF007",
            ("fail" if weak else "pass") if curves else "not-observed",
            f"curves used: {curves}; below {MINIMUM_STRENGTH_BITS}-bit strength: {weak}",
        )
    )
    certs = [r.certificates for r in results]
    verdicts.append(
        LiveVerdict(
            "MF009",
            "pass" if certs and all(certs) else "fail",
            f"certificate chains presented: {[len(c) for c in certs]}",
        )
    )
    return verdicts


@functools.cache
def system_openssl_refuses(version: ssl.TLSVersion, certificate: Path, key: Path) -> bool:
    """Whether this machine's OpenSSL, which both servers link, refuses ``version`` by policy.

    A server context with default settings, told to allow ``version``, does
    an in-memory handshake with a client that offers only that version at
    security level 0. OpenSSL 3 refuses TLS 1.0/1.1 at security level 1 and
    above (SHA-1 handshake signatures; SSL_CTX_set_security_level(3)).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TLSv1/TLSv1_1: testing exactly that
        return _refuses(version, certificate, key)


def _refuses(version: ssl.TLSVersion, certificate: Path, key: Path) -> bool:
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(certificate, key)
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client.check_hostname = False
    client.verify_mode = ssl.CERT_NONE
    try:
        for context in (server, client):
            context.minimum_version = context.maximum_version = version
        client.set_ciphers("ALL:@SECLEVEL=0")
    except (ssl.SSLError, ValueError):
        return True
    return not _handshake_in_memory(server, client)


def _handshake_in_memory(server: ssl.SSLContext, client: ssl.SSLContext) -> bool:
    c_in, c_out, s_in, s_out = (ssl.MemoryBIO() for _ in range(4))
    client_side = client.wrap_bio(c_in, c_out)
    server_side = server.wrap_bio(s_in, s_out, server_side=True)
    for _ in range(10):
        done = 0
        for side, outgoing, peer_incoming in (
            (client_side, c_out, s_in),
            (server_side, s_out, c_in),
        ):
            try:
                side.do_handshake()
                done += 1
            except ssl.SSLWantReadError:
                pass
            except ssl.SSLError:
                return False
            peer_incoming.write(outgoing.read())
        if done == 2:
            return True
    return False


def compare(static: Verdict, live: LiveVerdict, system_refuses_obsolete: bool) -> Comparison:
    rule = static.rule
    status = static.waived_status or static.status
    where = (
        f"{rule}: static {status.value} ({static.summary}), live {live.status} ({live.evidence})"
    )
    if status is Status.NOT_APPLICABLE:
        if live.status == "fail":
            # The checker found nothing to judge, yet the server does something weak.
            return Comparison(
                rule, "live-weaker", f"{where}: the checker missed what the server does"
            )
        # Nothing in the config to judge; what the server does live (if anything) passes.
        return Comparison(rule, "not-applicable", where)
    if live.status == "not-observed":
        # The config has a verdict the harness did not check live: a comparison was possible.
        return Comparison(rule, "one-sided", f"{where}: the probe gave no verdict to compare")
    if (status is Status.PASS) == (live.status == "pass"):
        return Comparison(rule, "agree", where)
    if status is Status.PASS:
        return Comparison(
            rule, "live-weaker", f"{where}: the live server is weaker than its config"
        )
    if rule == "MF004" and system_refuses_obsolete:
        reason = (
            f"the server's system OpenSSL ({ssl.OPENSSL_VERSION}) refuses TLS < 1.2 by its "
            "security level, although the config allows it"
        )
        return Comparison(rule, "live-stricter", f"{where}: {reason}")
    return Comparison(rule, "live-stricter", f"{where}: the checker judged the config too harshly")
