"""Read the prime size of a PEM file of Diffie-Hellman parameters.

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

PEM_LABELS = ("DH PARAMETERS", "X9.42 DH PARAMETERS")
DER_SEQUENCE = 0x30
DER_INTEGER = 0x02


class DhParamsError(ValueError):
    """The file is not a PEM DH parameter file we can read; message says why."""


@dataclass(frozen=True)
class DhParameters:
    path: str
    prime_bits: int


def read_dh_parameters(path: Path) -> DhParameters:
    """Return the prime size of the first DH parameter block in ``path``."""
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise DhParamsError(f"{path}: cannot read DH parameters ({error})") from None
    der = _pem_body(text, path)
    return DhParameters(path=str(path), prime_bits=prime_bits_of(der, path))


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
    tag, _, offset = _read_header(der, 0, path)
    if tag != DER_SEQUENCE:
        raise DhParamsError(f"{path}: DH parameters are not a DER SEQUENCE")
    tag, length, offset = _read_header(der, offset, path)
    if tag != DER_INTEGER:
        raise DhParamsError(f"{path}: DH parameters do not start with the prime INTEGER")
    prime = der[offset : offset + length]
    if len(prime) != length:
        raise DhParamsError(f"{path}: DH prime is truncated")
    return int.from_bytes(prime, "big", signed=False).bit_length()


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
