"""Caption pieces written as inline reST that reads back as exactly those pieces.

The ``configfile`` directive reads its ``:caption:`` as inline reST, and the
legacy bridge reads a converted LaTeX caption the same way, so what
``migrate`` writes and what the bridge shows cannot differ. Text is escaped
wherever docutils could read markup into it (``*``, backquotes, ``|``,
``\\``, and ``_`` unless it stands inside a word, as in ``ssl_ciphers``);
code becomes an inline literal, a link an anonymous hyperlink. Where a
literal or link touches a character that docutils does not accept next to
inline markup, an escaped space (``\\ ``, which docutils drops) separates
them; the rules are docutils' own ("Inline markup recognition rules" in the
reStructuredText specification), read from ``docutils.utils.punctuation_chars``.
"""

from __future__ import annotations

import re

from docutils.utils import punctuation_chars, urischemes

from sphinx_configfile.legacy.latex_caption import CaptionPiece, Code, Link, Text

# Characters that may stand right before a start-string, and right after an end-string.
_BEFORE_MARKUP = re.compile(rf"\s|[{punctuation_chars.openers}{punctuation_chars.delimiters}]")
_AFTER_MARKUP = re.compile(
    rf"\s|[{punctuation_chars.closing_delimiters}{punctuation_chars.delimiters}"
    rf"{punctuation_chars.closers}]"
)
_ALWAYS_ESCAPED = frozenset("\\`*|")
_SCHEME_WORD = re.compile(r"[A-Za-z0-9.+-]+$")
_SEPARATOR = "\\ "  # an escaped space: lets markup touch a word, and prints nothing


def rst_caption(pieces: tuple[CaptionPiece, ...] | list[CaptionPiece]) -> str:
    """The pieces as one line of inline reST ("" for none)."""
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if isinstance(piece, Text):
            out.append(_escaped_text(piece.text))
            continue
        previous = pieces[index - 1] if index else None
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        markup = _literal(piece.text) if isinstance(piece, Code) else _link(piece)
        # After other markup, the separator written after that markup serves.
        if isinstance(previous, Text) and not _may_precede(previous.text[-1], markup):
            out.append(_SEPARATOR)
        out.append(markup)
        if following is not None and not _may_follow(following):
            out.append(_SEPARATOR)
    return "".join(out)


def _escaped_text(text: str) -> str:
    out: list[str] = []
    for index, char in enumerate(text):
        if (
            char in _ALWAYS_ESCAPED
            or (char == "_" and not _inside_word(text, index))
            or (char == ":" and _ends_uri_scheme(text, index))
            or (char == "@" and _inside_token(text, index))
        ):
            out.append("\\")
        out.append(char)
    return "".join(out)


def _inside_word(text: str, index: int) -> bool:
    # "a_b" can be neither the end of a reference ("name_") nor the start of an
    # inline target ("_`name`"); an underscore at a word's edge can.
    return 0 < index < len(text) - 1 and text[index - 1].isalnum() and text[index + 1].isalnum()


def _ends_uri_scheme(text: str, index: int) -> bool:
    """Whether the colon at ``index`` would make docutils link a bare URI ("https://...").

    The PDF printed such text as text; a link is what ``\\url`` is for.
    docutils links a word of a known scheme followed by a colon and more
    (``file: x`` stays text); the scheme may start after a hyphen, so every
    ending of the word before the colon counts.
    """
    if index + 1 >= len(text) or text[index + 1].isspace():
        return False
    word = _SCHEME_WORD.search(text, 0, index)
    return word is not None and any(
        word.group().lower()[start:] in urischemes.schemes for start in range(len(word.group()))
    )


def _inside_token(text: str, index: int) -> bool:
    # "user@example.org" would become a mailto: link.
    return 0 < index < len(text) - 1 and not (
        text[index - 1].isspace() or text[index + 1].isspace()
    )


def _may_precede(char: str, markup: str) -> bool:
    """Whether ``markup`` may start right after the character ``char``.

    Besides docutils' list of characters, a start-string between a matching
    pair (``'``\\ ``...``'``) is not markup: ``punctuation_chars.match_chars``.
    """
    if not _BEFORE_MARKUP.fullmatch(char):
        return False
    first = markup[2] if markup.startswith("``") else markup[markup.index("`") + 1]
    return not punctuation_chars.match_chars(char, first)


def _may_follow(following: CaptionPiece) -> bool:
    if not isinstance(following, Text):
        return False
    first = following.text[0]
    # An escaped character is always accepted after an end-string.
    return bool(_AFTER_MARKUP.fullmatch(first)) or _escaped_text(first) != first


def _literal(text: str) -> str:
    """``text`` as an inline literal; the ``literal`` role for text an inline literal cannot hold.

    Nothing is escaped inside ````...````, so it cannot hold a double
    backquote, nor start or end with one.
    """
    if "``" in text or text.startswith("`") or text.endswith("`"):
        return ":literal:`" + text.replace("\\", "\\\\").replace("`", "\\`") + "`"
    return f"``{text}``"


def _link(link: Link) -> str:
    """An anonymous hyperlink with an embedded URI (no target to collide with others)."""
    url = re.sub(r"\s", "%20", link.url)  # docutils drops white space in a URI
    url = re.sub(r"([\\`<>])", r"\\\1", url)
    if url.endswith("_"):
        url = url[:-1] + "\\_"  # else it would name a reference target
    if link.text == link.url:
        return f"`<{url}>`__"
    text = re.sub(r"([\\`<>])", r"\\\1", link.text)
    return f"`{text} <{url}>`__"
