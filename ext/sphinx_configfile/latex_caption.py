"""A LaTeX caption as plain text: what the PDF printed, without the markup.

The old guide wrote captions such as ``Postfix \\texttt{main.cf}: TLS for
\\emph{smtpd}~-- submission``. A listing's caption is plain text in every
output, so markup becomes its text (``\\texttt{x}`` -> ``x``), escaped
specials become the character (``\\_`` -> ``_``), and TeX's ligatures and
ties become the characters they print (``--`` -> en dash, ``~`` -> a
space). A command we do not know is refused rather than shown with its
backslash: the author rewrites the caption.
"""

from __future__ import annotations

import re


class CaptionError(ValueError):
    """LaTeX in a caption that has no plain-text equivalent here."""


# One argument, typeset as its (converted) text.
_TEXT_COMMANDS = frozenset(
    {
        "texttt", "emph", "textbf", "textit", "textsf", "textsc", "textrm", "textup",
        "textmd", "textsl", "textnormal", "underline", "mbox", "hbox", "ttfamily",
    }
)  # fmt: skip
# One argument printed as written: url/hyperref read it verbatim (url.sty, section 3).
_VERBATIM_COMMANDS = frozenset({"path", "url", "nolinkurl"})
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
# Ligatures and special characters of TeX's text fonts, longest first.
_LIGATURES = (("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"))
_CONTROL_WORD = re.compile(r"\\([A-Za-z]+)\s*")


def caption_text(latex: str) -> str:
    """``latex`` (comments already removed) as plain text; CaptionError if unsupported."""
    text, end = _convert(latex, 0, closing=None)
    if end != len(latex):  # pragma: no cover - _convert consumes all at top level
        raise CaptionError("caption: unbalanced braces (add the missing '{')")
    # Runs of white space are one space, as TeX reads them.
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


def _convert(latex: str, index: int, closing: str | None) -> tuple[str, int]:
    """Convert from ``index`` until ``closing`` (``"}"``) or the end; return text and end."""
    out: list[str] = []
    while index < len(latex):
        char = latex[index]
        if char == "}":
            if closing is None:
                raise CaptionError("caption: unbalanced braces: a '}' closes nothing")
            return "".join(out), index + 1
        if char == "{":
            inner, index = _convert(latex, index + 1, closing="}")
            out.append(inner)
            continue
        if char == "\\":
            piece, index = _command(latex, index)
            out.append(piece)
            continue
        if char == "$":
            raise CaptionError("caption: math ($...$) is not supported (write it as text)")
        if char == "~":
            # A tie: an unbreakable space in the PDF. A plain space here, as
            # docutils reads option values with no-break spaces as spaces too.
            out.append(" ")
            index += 1
            continue
        for ligature, replacement in _LIGATURES:
            if latex.startswith(ligature, index):
                out.append(replacement)
                index += len(ligature)
                break
        else:
            out.append("\u2018" if char == "`" else char)
            index += 1
    if closing is not None:
        raise CaptionError("caption: unbalanced braces: a '{' is never closed")
    return "".join(out), index


def _command(latex: str, index: int) -> tuple[str, int]:
    """The text of the command at ``latex[index] == "\\"`` and the index after it."""
    word = _CONTROL_WORD.match(latex, index)
    if word is None:
        symbol = latex[index + 1 : index + 2]
        if symbol in _ESCAPES:
            return _ESCAPES[symbol], index + 2
        raise CaptionError(f"caption: unsupported LaTeX \\{symbol} (write it as text)")
    name, index = word.group(1), word.end()
    if name in _SYMBOL_COMMANDS:
        if latex.startswith("{}", index):  # "\LaTeX{}" keeps the following space
            index += 2
        return _SYMBOL_COMMANDS[name], index
    if name == "verb" and index < len(latex):
        # \verb|text|: any delimiter; TeX does not skip spaces before it.
        start = word.start() + len("\\verb")
        close = latex.find(latex[start], start + 1)
        if close < 0:
            raise CaptionError("caption: \\verb is never closed")
        return latex[start + 1 : close], close + 1
    if name in _TEXT_COMMANDS or name in _VERBATIM_COMMANDS or name == "href":
        arguments = 2 if name == "href" else 1
        texts: list[str] = []
        for _ in range(arguments):
            if index >= len(latex) or latex[index] != "{":
                raise CaptionError(f"caption: \\{name} needs a {{...}} argument")
            if name in _VERBATIM_COMMANDS or (name == "href" and not texts):
                close = _matching_brace(latex, index)
                texts.append(latex[index + 1 : close])
                index = close + 1
            else:
                inner, index = _convert(latex, index + 1, closing="}")
                texts.append(inner)
            while index < len(latex) and latex[index] in " \t\n" and arguments > len(texts):
                index += 1
        return texts[-1], index  # \href{url}{text} shows its text
    raise CaptionError(
        f"caption: unsupported LaTeX command \\{name} (write the caption without it)"
    )


def _matching_brace(latex: str, start: int) -> int:
    depth = 0
    for index in range(start, len(latex)):
        if latex[index] == "{":
            depth += 1
        elif latex[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    raise CaptionError("caption: unbalanced braces: a '{' is never closed")
