"""Expand an OpenSSL cipher string with the local OpenSSL, instead of a hand-written table.

A cipher string such as ``HIGH:!aNULL:!MD5`` means what the OpenSSL that
reads it says it means (openssl-ciphers(1),
https://www.openssl.org/docs/man3.0/man1/openssl-ciphers.html), so we ask
OpenSSL: ``SSLContext.set_ciphers`` then ``get_ciphers``. Every expansion
names the OpenSSL version that made it, because another version can give
another list.

Two facts shape the result:

* ``@SECLEVEL=0`` is appended so that OpenSSL 3 still lists the old suites
  (SHA-1, 3DES) a server built against an older OpenSSL would offer; a
  later ``@SECLEVEL`` in the user's string cannot raise it back, ours is last.
  Suites this OpenSSL no longer has at all (RC4, plain DES, export suites
  are not in OpenSSL 3's default provider) cannot be listed: an expansion
  is a lower bound on what an old server offered.
* ``get_ciphers`` always lists the TLS 1.3 suites first: the TLS 1.2 cipher
  string does not govern them (``SSL_CTX_set_ciphersuites`` does). Every
  TLS 1.3 suite is forward secret because TLS 1.3 key exchange is always
  (EC)DHE, or PSK with (EC)DHE as OpenSSL negotiates it (RFC 8446 §2, §4.2.9).
  They are kept apart in ``tls13_suites`` and never make a string fail.
"""

from __future__ import annotations

import functools
import ssl
from dataclasses import dataclass

from tls_manifesto.errors import ManifestoError

OPENSSL_VERSION = ssl.OPENSSL_VERSION

# get_ciphers() reports the key exchange as "kea": ephemeral (EC)DH gives
# forward secrecy; "kx-any" is TLS 1.3, where the key exchange is always ephemeral.
FORWARD_SECRET_KEY_EXCHANGES = frozenset({"kx-ecdhe", "kx-dhe", "kx-any"})
DHE_KEY_EXCHANGES = frozenset({"kx-dhe"})
# A server only picks PSK suites when it has a PSK callback, and SRP suites when
# it has an SRP verifier (OpenSSL ssl/s3_lib.c, ssl3_choose_cipher: "with PSK
# there must be server callback set"; SSL_kSRP only in the mask with srp_Mask).
# XMPP and IRC servers configure neither, so these suites are listed apart and
# not judged.
PSK_OR_SRP_KEY_EXCHANGES = frozenset(
    {"kx-psk", "kx-rsa-psk", "kx-dhe-psk", "kx-ecdhe-psk", "kx-srp"}
)


class CipherStringError(ManifestoError, ValueError):
    """The local OpenSSL rejects the cipher string or it selects no suite."""


@dataclass(frozen=True)
class CipherSuite:
    name: str  # OpenSSL name, e.g. "ECDHE-RSA-AES128-GCM-SHA256"
    protocol: str  # "TLSv1.2", "TLSv1.3", "TLSv1", "SSLv3"
    key_exchange: str  # get_ciphers' "kea", e.g. "kx-ecdhe"
    # get_ciphers' "aead": an authenticated-encryption mode (GCM, CCM, ChaCha20-Poly1305),
    # not CBC with a separate MAC, whose padding checks Lucky13 and POODLE attacked.
    aead: bool = False
    authentication: str = ""  # get_ciphers' "auth", e.g. "auth-rsa"; "auth-null": anonymous
    strength_bits: int = 0  # of the symmetric cipher: 128 for AES128, 256 for AES256

    @property
    def anonymous(self) -> bool:
        return self.authentication == "auth-null"

    @property
    def forward_secret(self) -> bool:
        return self.key_exchange in FORWARD_SECRET_KEY_EXCHANGES

    @property
    def uses_dhe(self) -> bool:
        return self.key_exchange in DHE_KEY_EXCHANGES


@dataclass(frozen=True)
class CipherExpansion:
    """What one cipher string selects, in the server's preference order."""

    cipher_string: str
    openssl_version: str
    suites: tuple[CipherSuite, ...]  # governed by the string (TLS 1.2 and older)
    tls13_suites: tuple[CipherSuite, ...]  # always offered by OpenSSL >= 1.1.1, all FS
    psk_srp_suites: tuple[CipherSuite, ...] = ()  # need a PSK/SRP setup the server lacks

    @property
    def non_forward_secret(self) -> tuple[CipherSuite, ...]:
        return tuple(s for s in self.suites if not s.forward_secret)

    @property
    def non_forward_secret_before_forward_secret(self) -> tuple[CipherSuite, ...]:
        """Non-FS suites that come before the last FS suite (so a client may pick them first)."""
        fs_positions = [i for i, s in enumerate(self.suites) if s.forward_secret]
        if not fs_positions:
            return ()
        last_fs = fs_positions[-1]
        return tuple(s for s in self.suites[:last_fs] if not s.forward_secret)

    @property
    def allows_dhe(self) -> bool:
        return any(s.uses_dhe for s in self.suites)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.suites)


@functools.lru_cache(maxsize=256)
def expand_cipher_string(cipher_string: str) -> CipherExpansion:
    """Expand ``cipher_string`` with the local OpenSSL; CipherStringError if it selects nothing."""
    if not cipher_string.strip():
        raise CipherStringError("empty cipher string")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        context.set_ciphers(f"{cipher_string}:@SECLEVEL=0")
    except ssl.SSLError as error:
        raise CipherStringError(
            f"{OPENSSL_VERSION} selects no cipher suite from {cipher_string!r} ({error.args[0]})"
        ) from None
    except (UnicodeEncodeError, ValueError):
        # set_ciphers takes ASCII without NUL bytes; anything else cannot name a suite.
        raise CipherStringError(
            f"cipher string {cipher_string!r} has characters OpenSSL cannot read (use ASCII)"
        ) from None
    listed = [
        CipherSuite(
            name=c["name"],
            protocol=c["protocol"],
            key_exchange=c.get("kea", ""),
            aead=bool(c.get("aead")),
            authentication=c.get("auth", ""),
            strength_bits=c.get("strength_bits", 0),
        )
        for c in context.get_ciphers()
    ]
    tls13 = tuple(s for s in listed if s.protocol == "TLSv1.3")
    psk_srp = tuple(s for s in listed if s.key_exchange in PSK_OR_SRP_KEY_EXCHANGES)
    return CipherExpansion(
        cipher_string=cipher_string,
        openssl_version=OPENSSL_VERSION,
        suites=tuple(s for s in listed if s not in tls13 and s not in psk_srp),
        tls13_suites=tls13,
        psk_srp_suites=psk_srp,
    )
