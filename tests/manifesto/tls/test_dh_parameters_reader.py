"""The DH parameters reader (``tls/dhparams.py``): the prime's size, and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.tls.dhparams import DhParamsError, read_dh_parameters

MF006_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "rules" / "MF006"


def test_dh_reader_measures_the_prime() -> None:
    assert read_dh_parameters(MF006_FIXTURES / "dh2048.pem").prime_bits == 2048
    assert read_dh_parameters(MF006_FIXTURES / "dh1024.pem").prime_bits == 1024


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("hello\n", "no '-----BEGIN DH PARAMETERS-----' block"),
        ("-----BEGIN DH PARAMETERS-----\nMIIB\n", "without"),
        ("-----BEGIN DH PARAMETERS-----\n!!!!\n-----END DH PARAMETERS-----\n", "bad base64"),
        ("-----BEGIN DH PARAMETERS-----\nAgEB\n-----END DH PARAMETERS-----\n", "not a DER"),
    ],
)
def test_dh_reader_names_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "dh.pem"
    bad.write_text(content)
    with pytest.raises(DhParamsError, match=message) as caught:
        read_dh_parameters(bad)
    assert str(bad) in str(caught.value)
