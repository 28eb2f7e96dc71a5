"""Caption pieces written as inline reST read back, through docutils, as exactly those pieces."""

from __future__ import annotations

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from hypothesis import given
from hypothesis import strategies as st
from sphinx_configfile.legacy.caption_rst import rst_caption
from sphinx_configfile.legacy.inline_rst import parse_inline
from sphinx_configfile.legacy.latex_caption import (
    CaptionError,
    CaptionPiece,
    Code,
    Link,
    Text,
    caption_pieces,
)


def read_back(rst: str) -> list[CaptionPiece]:
    """What docutils' inline parser makes of ``rst``, as pieces; fails on any message."""
    document = new_document("caption", get_default_settings(Parser))
    document.reporter.halt_level = 5  # messages are returned, not raised
    paragraph = nodes.paragraph()
    inline, messages = parse_inline(document, rst, 1, paragraph)
    assert not messages, [m.astext() for m in messages]
    pieces: list[CaptionPiece] = []
    for node in inline:
        if isinstance(node, nodes.Text):
            if not node.astext():
                continue  # what an escaped space leaves
            if pieces and isinstance(pieces[-1], Text):
                pieces[-1] = Text(pieces[-1].text + node.astext())
            else:
                pieces.append(Text(node.astext()))
        elif isinstance(node, nodes.literal):
            pieces.append(Code(node.astext()))
        elif isinstance(node, nodes.reference) and "refuri" in node:
            pieces.append(Link(node.astext(), node["refuri"]))
        else:
            pytest.fail(f"{rst!r} read as {node!r}")
    return pieces


# Characters reST gives a meaning to, next to plain ones and white space.
_CHARS = st.sampled_from(
    list("ab1 _*`|\\:<>()[]'\"-/.,!?#%&{}~@")
    + ["``", "__", "\u2019", "https", "file", "mailto:", "x-ssh"]
)
_TEXT = st.lists(_CHARS, min_size=1, max_size=8).map("".join)
_INNER = _TEXT.map(lambda text: " ".join(text.split())).filter(bool)
_URL = st.sampled_from(
    ["https://example.org", "https://example.org/a_b#c", "https://x.org/a_", "https://x.org/<a>"]
)
_PIECE = st.one_of(
    _TEXT.map(Text),
    _INNER.map(Code),
    st.builds(Link, _INNER, _URL),
    _URL.map(lambda url: Link(url, url)),
)


def _normal(pieces: list[CaptionPiece]) -> list[CaptionPiece]:
    """Adjacent texts joined, as a caption's pieces always are."""
    out: list[CaptionPiece] = []
    for piece in pieces:
        if isinstance(piece, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + piece.text)
        else:
            out.append(piece)
    return out


@given(st.lists(_PIECE, min_size=1, max_size=5).map(_normal))
def test_any_pieces_read_back_as_themselves(pieces: list[CaptionPiece]) -> None:
    assert read_back(rst_caption(pieces)) == pieces


@pytest.mark.parametrize(
    ("pieces", "rst"),
    [
        ([Text("Postfix "), Code("main.cf"), Text(": TLS")], "Postfix ``main.cf``: TLS"),
        ([Text("a*b_c _x_ |y| ends \\")], "a\\*b_c \\_x\\_ \\|y\\| ends \\\\"),
        ([Code("x"), Text("s")], "``x``\\ s"),  # a literal touching a word
        ([Code("a"), Code("b")], "``a``\\ ``b``"),
        ([Code("a``b")], ":literal:`a\\`\\`b`"),  # what ``...`` cannot hold
        ([Link("https://x.org/a_", "https://x.org/a_")], "`<https://x.org/a\\_>`__"),
        ([Link("the docs", "https://x.org")], "`the docs <https://x.org>`__"),
        # A bare URI or address stays text, as the PDF printed it (\url makes links).
        ([Text("see https://x.org, a@b.org; file: x")], "see https\\://x.org, a\\@b.org; file: x"),
    ],
)
def test_pieces_are_written_readably(pieces: list[CaptionPiece], rst: str) -> None:
    assert rst_caption(pieces) == rst
    assert read_back(rst) == pieces


# LaTeX captions from the commands and characters the converter reads, and some it refuses.
_LATEX_TOKENS = st.sampled_from(
    ["a", "b", " ", "\n", "{", "}", "\\", "\\texttt{", "\\verb|", "|", "\\url{", "\\href{",
     "\\lstinline[x]!", "!", "{\\tt ", "\\emph{", "\\_", "_", "*", "`", "'", "--", "~", "%",
     "$", "\\foo", "\\textbackslash", "<", ">", "#", "https://x.org/"]
)  # fmt: skip


@given(st.lists(_LATEX_TOKENS, max_size=12).map("".join))
def test_any_latex_caption_converts_to_what_reads_back_or_is_refused(latex: str) -> None:
    try:
        pieces = caption_pieces(latex)
    except CaptionError:
        return  # refused with a message, never another exception
    assert read_back(rst_caption(pieces)) == list(pieces)
