"""Read the prime and generator of a PEM file of Diffie-Hellman parameters.

The file is what ``openssl dhparam -out FILE 2048`` writes: base64 DER of
``DHParameter ::= SEQUENCE { prime INTEGER, base INTEGER, privateValueLength
INTEGER OPTIONAL }`` (PKCS #3), under ``-----BEGIN DH PARAMETERS-----``.
X9.42 files (``BEGIN X9.42 DH PARAMETERS``, RFC 3279 §2.3.3 DomainParameters)
also start with the prime. Only the DER we need is read here: a SEQUENCE
holding an INTEGER, with definite lengths (X.690 §8.1.3).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path

from tls_manifesto.errors import ManifestoError

PEM_LABELS = ("DH PARAMETERS", "X9.42 DH PARAMETERS")
DER_SEQUENCE = 0x30
DER_INTEGER = 0x02


class DhParamsError(ManifestoError, ValueError):
    """The file is not a PEM DH parameter file we can read; message says why."""


@dataclass(frozen=True)
class DhParameters:
    path: str
    prime: int
    generator: int  # for X9.42 files, the second INTEGER is g as well (RFC 3279 section 2.3.3)

    @property
    def prime_bits(self) -> int:
        return self.prime.bit_length()


def read_dh_parameters(path: Path) -> DhParameters:
    """Return the prime and generator of the first DH parameter block in ``path``."""
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise DhParamsError(f"{path}: cannot read DH parameters ({error})") from None
    der = _pem_body(text, path)
    prime, generator = prime_and_generator_of(der, path)
    return DhParameters(path=str(path), prime=prime, generator=generator)


def _pem_body(text: str, path: Path) -> bytes:
    for label in PEM_LABELS:
        begin, end = f"-----BEGIN {label}-----", f"-----END {label}-----"
        start = text.find(begin)
        if start < 0:
            continue
        stop = text.find(end, start)
        if stop < 0:
            raise DhParamsError(f"{path}: '{begin}' without '{end}'")
        body = text[start + len(begin) : stop]
        try:
            return base64.b64decode("".join(body.split()), validate=True)
        except binascii.Error as error:
            raise DhParamsError(f"{path}: bad base64 in DH parameters ({error})") from None
    raise DhParamsError(f"{path}: no '-----BEGIN DH PARAMETERS-----' block")


def prime_bits_of(der: bytes, path: Path) -> int:
    """Bit length of the first INTEGER inside the outer SEQUENCE."""
    return prime_and_generator_of(der, path)[0].bit_length()


def prime_and_generator_of(der: bytes, path: Path) -> tuple[int, int]:
    """The first two INTEGERs inside the outer SEQUENCE: p and g."""
    tag, _, offset = _read_header(der, 0, path)
    if tag != DER_SEQUENCE:
        raise DhParamsError(f"{path}: DH parameters are not a DER SEQUENCE")
    prime, offset = _read_integer(der, offset, path, "the prime")
    generator, _ = _read_integer(der, offset, path, "the generator")
    return prime, generator


def _read_integer(der: bytes, offset: int, path: Path, what: str) -> tuple[int, int]:
    tag, length, offset = _read_header(der, offset, path)
    if tag != DER_INTEGER:
        raise DhParamsError(f"{path}: DH parameters lack {what} INTEGER")
    content = der[offset : offset + length]
    if len(content) != length:
        raise DhParamsError(f"{path}: DH parameters are truncated in {what}")
    return int.from_bytes(content, "big", signed=False), offset + length


def _read_header(der: bytes, offset: int, path: Path) -> tuple[int, int, int]:
    """Return (tag, content length, content offset) of the DER element at ``offset``."""
    if offset + 2 > len(der):
        raise DhParamsError(f"{path}: DH parameters are truncated")
    tag, first = der[offset], der[offset + 1]
    offset += 2
    if first < 0x80:
        return tag, first, offset
    count = first & 0x7F
    if count == 0 or count > 4 or offset + count > len(der):
        raise DhParamsError(f"{path}: DH parameters have a bad DER length")
    return tag, int.from_bytes(der[offset : offset + count], "big"), offset + count
