"""Property: on generated terms, our parser reads what Erlang's own file:consult/1 reads.

Terms are written out with every spelling the parser claims to support
(based integers, $c characters, escapes, adjacent strings, quoted atoms,
binaries, comments), and erl is the referee: one erl run per example, so
the example count stays small (the hypothesis profile bounds it).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_erlang_terms import canonical, erlang_consult
from tls_manifesto.parsers.erlang_terms import parse_terms
from tls_manifesto.parsers.erlang_tokens import RESERVED_WORDS

# Characters that need no escape in a quoted atom or string, plus a few that do.
_PLAIN = st.characters(min_codepoint=0x20, max_codepoint=0x7E, exclude_characters="\\\"'")
_ESCAPES = st.sampled_from(["\\n", "\\t", "\\\\", '\\"', "\\'", "\\101", "\\x{263A}", "\\s", "\\e"])
_TEXT = st.lists(st.one_of(_PLAIN, _ESCAPES), max_size=12).map("".join)


def _integer(value: int, spelling: int) -> str:
    if spelling == 1 and value >= 0:
        return f"16#{value:X}"
    if spelling == 2 and 32 < value < 127 and chr(value) not in "\\":
        return f"${chr(value)}"
    return str(value)


bare_atoms = st.from_regex(r"[a-z][a-zA-Z0-9_@]{0,8}", fullmatch=True).filter(
    lambda name: name not in RESERVED_WORDS
)
integers = st.builds(_integer, st.integers(-(2**70), 2**70), st.integers(0, 2))
floats = st.builds(
    lambda whole, fraction, exponent: f"{whole}.{fraction}{exponent}",
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(["", "e3", "E-2", "e+10"]),
)
strings = st.lists(_TEXT, min_size=1, max_size=3).map(
    lambda parts: " ".join(f'"{part}"' for part in parts)  # adjacent strings concatenate
)
quoted_atoms = _TEXT.map(lambda text: f"'{text}'")
binaries = st.one_of(
    _TEXT.map(lambda text: f'<<"{text}">>'),
    st.lists(st.integers(0, 255), max_size=5).map(lambda b: "<<" + ",".join(map(str, b)) + ">>"),
)
scalars = st.one_of(bare_atoms, quoted_atoms, integers, floats, strings, binaries)
separators = st.sampled_from([",", ", ", " ,\n  ", ",% note\n"])


terms: st.SearchStrategy[str] = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.builds(lambda i, sep: "{" + sep.join(i) + "}", st.lists(inner, max_size=4), separators),
        st.builds(lambda i, sep: "[" + sep.join(i) + "]", st.lists(inner, max_size=4), separators),
    ),
    max_leaves=12,
)


@settings(max_examples=12)
@given(st.lists(terms, min_size=1, max_size=8))
def test_generated_terms_read_as_erlang_reads_them(written: list[str]) -> None:
    text = "%% generated\n" + "".join(f"{term}.\n" for term in written)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "generated.cfg"
        path.write_text(text, encoding="utf-8")
        erlang = erlang_consult(path)
    assert erlang.returncode == 0, (text, erlang.stdout, erlang.stderr)
    ours = [canonical(term) for term in parse_terms(text, "generated.cfg")]
    assert ours == erlang.stdout.splitlines(), text
