"""Property: every parser, fed a reference config with random byte edits, gives a model
or a located ConfigError (``path[:line]: message``), never another exception.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigError, ServerConfig

ROOT = Path(__file__).resolve().parents[3]
# One config per format, each small enough for many examples.
SEEDS = {
    "ejabberd.yml": ROOT / "configs/IM/ejabberd/14.12/ejabberd.yml",
    "ejabberd.cfg": ROOT / "configs/IM/ejabberd/2.1.10/ejabberd.cfg",
    "prosody.cfg.lua": ROOT / "configs/IM/Prosody/0.12/prosody.cfg.lua",
    "ircd.conf": ROOT / "tests/fixtures/parsers/charybdis/4.1.2/ircd.conf",
    "apache2.conf": ROOT / "configs/Webservers/Apache/2.4.71/apache2.conf",
}
# Bytes that matter to the grammars: brackets, quotes, separators, a non-UTF-8 byte.
_INTERESTING = st.sampled_from(list(b"{}[]()<>\"'.,;:=-#%\n\t \\|$\xff\x00") + [ord("a"), ord("1")])


@st.composite
def edits(draw: st.DrawFn, size: int) -> list[tuple[str, int, int]]:
    """Up to 6 edits: (insert|delete|replace, offset, byte)."""
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(["insert", "delete", "replace"]),
                st.integers(0, max(size - 1, 0)),
                st.one_of(_INTERESTING, st.integers(0, 255)),
            ),
            min_size=1,
            max_size=6,
        )
    )


def apply(data: bytes, changes: list[tuple[str, int, int]]) -> bytes:
    buffer = bytearray(data)
    for kind, offset, byte in changes:
        at = min(offset, len(buffer))
        if kind == "insert":
            buffer[at:at] = bytes([byte])
        elif kind == "delete" and buffer:
            del buffer[min(at, len(buffer) - 1)]
        elif buffer:
            buffer[min(at, len(buffer) - 1)] = byte
    return bytes(buffer)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seeds_load(name: str) -> None:
    assert load_config(SEEDS[name]).endpoints


@pytest.mark.parametrize("name", sorted(SEEDS))
@given(data=st.data())
def test_damaged_config_is_a_model_or_a_located_error(name: str, data: st.DataObject) -> None:
    original = SEEDS[name].read_bytes()
    damaged = apply(original, data.draw(edits(len(original))))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_bytes(damaged)
        try:
            result = load_config(path)
        except ConfigError as error:
            assert str(error).startswith(f"{path}:") or str(error).startswith(f"{path} ")
            assert error.path == str(path)
            assert "Error" not in error.message.split(":")[0]  # no Python exception names
            return
    assert isinstance(result, ServerConfig)
