"""Write a PEM DH parameters file for any (p, g), even a composite p.

`cryptography` refuses to serialise parameters it finds invalid, and a
composite modulus is exactly what some tests must serve, so the PKCS #3
DER (SEQUENCE { INTEGER p, INTEGER g }) is written here by hand.
"""

from __future__ import annotations

import base64
import textwrap
from pathlib import Path


def write_dh_pem(path: Path, prime: int, generator: int) -> Path:
    body = _der(0x02, _unsigned(prime)) + _der(0x02, _unsigned(generator))
    encoded = base64.b64encode(_der(0x30, body)).decode()
    lines = "\n".join(textwrap.wrap(encoded, 64))
    path.write_text(f"-----BEGIN DH PARAMETERS-----\n{lines}\n-----END DH PARAMETERS-----\n")
    return path


def _unsigned(value: int) -> bytes:
    # One leading zero byte keeps a set top bit from reading as negative (X.690 8.3).
    return value.to_bytes(value.bit_length() // 8 + 1, "big")


def _der(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + content
