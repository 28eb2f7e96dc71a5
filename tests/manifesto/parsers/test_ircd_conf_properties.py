"""Property: a generated ircd.conf parses back to the blocks, items, values and lines it was
written from, whatever comments and spacing sit between the tokens."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from tls_manifesto.parsers.ircd_conf import parse_ircd_conf

_NAME = st.from_regex(r"[a-z_][a-z0-9_]{0,10}", fullmatch=True).filter(
    lambda w: w not in {"loadmodule"}
)
_GAP = st.sampled_from([" ", "  ", "\t", " /* c */ ", " /* two\nlines */ ", " # note\n", "\n"])
_INLINE_GAP = st.sampled_from([" ", "\t", " /* c */ "])  # keeps the key on its line
# (written, kind, value) for each value the grammar reads.
_STRING = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E, exclude_characters='"\\'), max_size=10
).map(lambda s: (f'"{s}"', "string", s))
_ESCAPED = st.sampled_from([('"a\\"b"', "string", 'a"b'), ('"c:\\\\d"', "string", "c:\\d")])
_NUMBER = st.integers(0, 10**6).map(lambda n: (str(n), "number", n))
_RANGE = st.tuples(st.integers(1, 9000), st.integers(0, 50)).map(
    lambda p: (f"{p[0]} .. {p[0] + p[1]}", "range", (p[0], p[0] + p[1]))
)
_TIME = st.sampled_from([("1 hour 30 minutes", "time", 5400), ("2 kb", "time", 2048)])
_WORD = _NAME.map(lambda w: (w, "word", w))
_VALUE = st.one_of(_STRING, _ESCAPED, _NUMBER, _RANGE, _TIME, _WORD)


@st.composite
def config(draw: st.DrawFn) -> tuple[str, list[tuple]]:
    """The text, and per block (name, label, line, [(key, line, [(kind, value)])])."""
    text, line, expected = "", 1, []

    def put(chunk: str) -> None:
        nonlocal text, line
        text += chunk
        line += chunk.count("\n")

    for _ in range(draw(st.integers(1, 4))):
        name = draw(_NAME)
        label = draw(st.one_of(st.none(), st.from_regex(r"[a-z.]{1,12}", fullmatch=True)))
        block_line = line
        put(name + (f' "{label}"' if label is not None else "") + draw(_GAP) + "{\n")
        items = []
        for _ in range(draw(st.integers(0, 4))):
            key, values = draw(_NAME), draw(st.lists(_VALUE, min_size=1, max_size=3))
            items.append((key, line, [(kind, value) for _, kind, value in values]))
            put("\t" + key + draw(_INLINE_GAP) + "= ")
            for i, (written, _, _) in enumerate(values):
                put(("," + draw(_GAP) if i else "") + written)
            put(";" + draw(_GAP) + "\n")
        put("};\n")
        expected.append((name, label, block_line, items))
    return text, expected


@given(config())
def test_generated_config_parses_to_what_was_written(generated: tuple[str, list]) -> None:
    text, expected = generated
    conf = parse_ircd_conf(text, "ircd.conf")
    got = [
        (
            block.name,
            block.label,
            block.line,
            [
                (item.key, item.line, [(v.kind, v.value) for v in item.values])
                for item in block.items
            ],
        )
        for block in conf.blocks
    ]
    assert got == expected, text
