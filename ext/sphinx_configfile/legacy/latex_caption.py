"""A LaTeX caption read into pieces: text, code and links, as the PDF showed them.

The old guide wrote captions such as ``Postfix \\texttt{main.cf}: TLS for
\\url{https://example.org}~-- submission``. Code stays code (``\\texttt``,
``\\verb``, ``\\lstinline``, ``\\path``, ``\\nolinkurl``: all set in the
typewriter font), links stay links (``\\url``, ``\\href``), and everything
else becomes its text: other markup gives its argument, escaped specials the
character (``\\_`` -> ``_``), and TeX's ligatures and ties the characters
they print (``--`` -> en dash, ``~`` -> a space). ``caption_rst`` writes the
pieces as inline reST. A command we do not know is refused rather than
shown with its backslash: the author rewrites the caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sphinx_configfile.errors import ConfigfileToolError
from sphinx_configfile.legacy.latex_groups import brace_group_end


class CaptionError(ConfigfileToolError, ValueError):
    """LaTeX in a caption that has no equivalent here."""


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    text: str  # what the reader sees; the URL itself for \url
    url: str


CaptionPiece = Text | Code | Link

# One argument, typeset as its (converted) text.
_TEXT_COMMANDS = frozenset(
    {
        "emph", "textbf", "textit", "textsf", "textsc", "textrm", "textup", "textmd",
        "textsl", "textnormal", "underline", "mbox", "hbox",
    }
)  # fmt: skip
# One argument in the typewriter font: code.
_CODE_COMMANDS = frozenset({"texttt"})
# Font switches: no argument, they change the rest of the enclosing group.
# The typewriter ones make it code ({\tt main.cf}); the others change only
# the face, which a caption does not keep.
_CODE_SWITCHES = frozenset({"tt", "ttfamily"})
_FACE_SWITCHES = frozenset(
    {
        "em", "bf", "it", "sl", "sf", "rm", "sc", "bfseries", "mdseries", "itshape", "slshape",
        "upshape", "scshape", "rmfamily", "sffamily", "normalfont",
    }
)  # fmt: skip
# One argument read verbatim and set in the typewriter font (url.sty, section 3).
_VERBATIM_CODE_COMMANDS = frozenset({"path", "nolinkurl"})
# No argument: the text they print.
_SYMBOL_COMMANDS = {
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textunderscore": "_",
    "textgreater": ">",
    "textless": "<",
    "textbar": "|",
    "slash": "/",
    "ldots": "\u2026",
    "dots": "\u2026",
    "textendash": "\u2013",
    "textemdash": "\u2014",
}
# Backslash + one non-letter.
_ESCAPES = {
    "_": "_", "&": "&", "%": "%", "#": "#", "$": "$", "{": "{", "}": "}",
    " ": " ", ",": " ", "\\": " ", "-": "", "/": "",
}  # fmt: skip
# Escapes an author needs in a URL inside a macro argument (hyperref reads
# \# and \% there as the characters).
_URL_ESCAPES = re.compile(r"\\([#%&_$~{}])")
# Ligatures and special characters of TeX's text fonts, longest first. The
# typewriter font has none of them: ``\texttt{--cipher}`` prints two hyphens.
_LIGATURES = (("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"))
_CONTROL_WORD = re.compile(r"\\([A-Za-z]+)\s*")
_WHITE_SPACE = re.compile(r"[ \t\r\n]+")


def caption_pieces(latex: str) -> tuple[CaptionPiece, ...]:
    """``latex`` (comments already removed) as pieces; CaptionError if unsupported."""
    pieces, end = _convert(latex, 0, closing=None, typewriter=False)
    if end != len(latex):  # pragma: no cover - _convert consumes all at top level
        raise CaptionError("caption: unbalanced braces (add the missing '{')")
    return _normalised(pieces)


def plain_text(pieces: tuple[CaptionPiece, ...] | list[CaptionPiece]) -> str:
    return "".join(piece.text for piece in pieces)


def _normalised(pieces: list[CaptionPiece]) -> tuple[CaptionPiece, ...]:
    """Runs of white space are one space, as TeX reads them; none at either end.

    White space at the edge of code or a link text moves outside it, where
    it reads the same and an inline literal can hold it.
    """
    out: list[CaptionPiece] = []
    for piece in pieces:
        text = _WHITE_SPACE.sub(" ", piece.text)
        if isinstance(piece, Text):
            _add_text(out, text)
            continue
        inner = text.strip(" ")
        if text.startswith(" "):
            _add_text(out, " ")
        if inner:
            out.append(Code(inner) if isinstance(piece, Code) else Link(inner, piece.url))
        elif isinstance(piece, Link):
            out.append(Link(piece.url, piece.url))  # \href{url}{}: the URL is the text
        if text.endswith(" ") and inner:
            _add_text(out, " ")
    out = [Text(_WHITE_SPACE.sub(" ", p.text)) if isinstance(p, Text) else p for p in out]
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip(" "))
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip(" "))
    return tuple(piece for piece in out if piece.text)


def _add_text(out: list[CaptionPiece], text: str) -> None:
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text + text)
    elif text:
        out.append(Text(text))


def _extend(out: list[CaptionPiece], pieces: list[CaptionPiece]) -> None:
    for piece in pieces:
        if isinstance(piece, Text):
            _add_text(out, piece.text)
        else:
            out.append(piece)


def _convert(
    latex: str, index: int, closing: str | None, typewriter: bool
) -> tuple[list[CaptionPiece], int]:
    """Convert from ``index`` until ``closing`` (``"}"``) or the end; return pieces and end."""
    out: list[CaptionPiece] = []
    while index < len(latex):
        char = latex[index]
        if char == "}":
            if closing is None:
                raise CaptionError("caption: unbalanced braces: a '}' closes nothing")
            return out, index + 1
        if char == "{":
            inner, index = _convert(latex, index + 1, closing="}", typewriter=typewriter)
            _extend(out, inner)
            continue
        if char == "\\":
            pieces, index = _command(latex, index, typewriter)
            _extend(out, pieces)
            continue
        if char == "$":
            raise CaptionError("caption: math ($...$) is not supported (write it as text)")
        if char == "~":
            # A tie: an unbreakable space in the PDF. A plain space here, as
            # docutils reads option values with no-break spaces as spaces too.
            _add_text(out, " ")
            index += 1
            continue
        text, index = _character(latex, index, typewriter)
        _add_text(out, text)
    if closing is not None:
        raise CaptionError("caption: unbalanced braces: a '{' is never closed")
    return out, index


def _character(latex: str, index: int, typewriter: bool) -> tuple[str, int]:
    """What TeX prints for the character(s) at ``index``: a ligature or the character."""
    if not typewriter:
        for ligature, replacement in _LIGATURES:
            if latex.startswith(ligature, index):
                return replacement, index + len(ligature)
        if latex[index] == "`":
            return "\u2018", index + 1
    return latex[index], index + 1


def _command(latex: str, index: int, typewriter: bool) -> tuple[list[CaptionPiece], int]:
    """The pieces of the command at ``latex[index] == "\\"`` and the index after it."""
    word = _CONTROL_WORD.match(latex, index)
    if word is None:
        symbol = latex[index + 1 : index + 2]
        if symbol in _ESCAPES:
            return [Text(_ESCAPES[symbol])], index + 2
        raise CaptionError(f"caption: unsupported LaTeX \\{symbol} (write it as text)")
    name, index = word.group(1), word.end()
    if name in _SYMBOL_COMMANDS:
        if latex.startswith("{}", index):  # "\LaTeX{}" keeps the following space
            index += 2
        return [Text(_SYMBOL_COMMANDS[name])], index
    if name in ("verb", "lstinline"):
        return _inline_verbatim(latex, word.start() + len(name) + 1, name)
    if name in _VERBATIM_CODE_COMMANDS or name == "url":
        text, index = _verbatim_argument(latex, index, name)
        return [Code(text) if name != "url" else Link(_url(text), _url(text))], index
    if name == "href":
        url, index = _verbatim_argument(latex, index, name)
        index = _skip_space(latex, index)
        shown, index = _argument(latex, index, name, typewriter)
        return [Link(plain_text(shown), _url(url))], index
    if name in _CODE_SWITCHES:
        end = _group_end(latex, index)
        switched, _ = _convert(latex[:end], index, closing=None, typewriter=True)
        return [Code(plain_text(switched))], end
    if name in _FACE_SWITCHES:
        return [], index
    if name in _CODE_COMMANDS:
        code, index = _argument(latex, index, name, typewriter=True)
        return [Code(plain_text(code))], index
    if name in _TEXT_COMMANDS:
        return _argument(latex, index, name, typewriter)
    raise CaptionError(
        f"caption: unsupported LaTeX command \\{name} (write the caption without it)"
    )


def _argument(
    latex: str, index: int, name: str, typewriter: bool
) -> tuple[list[CaptionPiece], int]:
    if index >= len(latex) or latex[index] != "{":
        raise CaptionError(f"caption: \\{name} needs a {{...}} argument")
    return _convert(latex, index + 1, closing="}", typewriter=typewriter)


def _verbatim_argument(latex: str, index: int, name: str) -> tuple[str, int]:
    if index >= len(latex) or latex[index] != "{":
        raise CaptionError(f"caption: \\{name} needs a {{...}} argument")
    close = brace_group_end(latex, index)
    if close is None:
        raise CaptionError("caption: unbalanced braces: a '{' is never closed")
    return latex[index + 1 : close], close + 1


def _inline_verbatim(latex: str, start: int, name: str) -> tuple[list[CaptionPiece], int]:
    """``\\verb|x|`` or ``\\lstinline[options]|x|`` (also ``{x}``): code, as written.

    TeX does not skip spaces before the delimiter of ``\\verb``.
    """
    if name == "lstinline" and latex.startswith("[", start):
        start = _matching_bracket(latex, start) + 1
    if start >= len(latex):
        raise CaptionError(f"caption: \\{name} is never closed")
    if name == "lstinline" and latex[start] == "{":
        text, end = _verbatim_argument(latex, start, name)
        return [Code(text)], end
    close = latex.find(latex[start], start + 1)
    if close < 0:
        raise CaptionError(f"caption: \\{name} is never closed")
    return [Code(latex[start + 1 : close])], close + 1


def _url(written: str) -> str:
    # url.sty ignores spaces in a URL (its manual, section 5: \UrlSpaces).
    return _URL_ESCAPES.sub(r"\1", "".join(written.split()))


def _skip_space(latex: str, index: int) -> int:
    while index < len(latex) and latex[index] in " \t\n":
        index += 1
    return index


def _group_end(latex: str, start: int) -> int:
    """The index of the ``}`` that closes the group ``start`` is in (the end at top level)."""
    depth = 0
    index = start
    while index < len(latex):
        char = latex[index]
        if char == "\\":
            index += 2  # \{ and \} do not count
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return index
            depth -= 1
        index += 1
    return len(latex)


def _matching_bracket(latex: str, start: int) -> int:
    close = latex.find("]", start)
    if close < 0:
        raise CaptionError("caption: unbalanced brackets: a '[' is never closed")
    return close
