"""Read the old guide's macros out of raw LaTeX: ``\\configfile`` and the section name.

The LaTeX original quoted a config with
``\\configfile[listings options]{file}{ranges}{caption}`` and named the
chapter's config directory with ``\\gdef\\currentsectionname{Name}``.
pandoc kept both as raw LaTeX: a ``:raw-latex:`` role, or a ``.. raw:: latex``
block that may hold several of them among other LaTeX. :func:`find_macros`
finds every one in such a text, with its offsets, and skips everything else
(commented-out lines included), so callers can replace exactly the macros.

TeX's reading rules that pandoc's output relies on are kept: ``%`` starts a
comment to the end of the line (and the next line's indentation is
skipped), white space and comments may stand between arguments, and an
argument may wrap over lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sphinx_configfile.errors import ConfigfileToolError
from sphinx_configfile.highlight.lexers import lexer_class_for
from sphinx_configfile.legacy.caption_rst import rst_caption
from sphinx_configfile.legacy.latex_caption import CaptionError, caption_pieces
from sphinx_configfile.legacy.latex_groups import after_comment, brace_group_end

QUOTE_MACRO = "\\configfile"
SECTION_MACRO = "\\gdef\\currentsectionname"

# Listings keys that choose which lines or numbers are shown (listings
# manual, section 4.3 "Line ranges" / "Line numbers"): dropping them would
# show other lines than the PDF did, so they are refused.
_LINE_SELECTING_KEYS = frozenset({"linerange", "firstline", "lastline", "firstnumber"})
# listings language names that differ from Pygments' (listings manual,
# table "Predefined languages").
_LISTINGS_TO_PYGMENTS = {"sh": "bash", "[sharp]c": "csharp", "c++": "cpp", "caml": "ocaml"}
_CONTROL_WORD = re.compile(r"\\([A-Za-z]+)")


class LegacySyntaxError(ConfigfileToolError, ValueError):
    """A use of the old macros we cannot read; ``offset`` locates it in the raw text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class LegacyQuote:
    """``\\configfile[options]{argument}{ranges}{caption}``, read."""

    argument: str
    ranges: str  # as written, without white space; "" quotes the whole file
    caption: str  # inline reST (caption_rst), "" for none
    language: str | None = None  # from listings' language=
    name: str | None = None  # from listings' label=
    dropped: tuple[str, ...] = ()  # listings options without a meaning here, as written


@dataclass(frozen=True)
class LegacySection:
    """``\\gdef\\currentsectionname{name}``: the chapter's directory under the configs root."""

    name: str


@dataclass(frozen=True)
class MacroSpan:
    """A macro and where it stands in the raw text: ``text[start:end]``."""

    start: int
    end: int
    macro: LegacyQuote | LegacySection
    ranges_span: tuple[int, int] | None = None  # offsets of the ranges argument's content


def strip_comments(latex: str) -> str:
    """``latex`` without ``%`` comments (``\\%`` is a percent sign, not a comment)."""
    out: list[str] = []
    index = 0
    while index < len(latex):
        char = latex[index]
        if char == "\\":
            out.append(latex[index : index + 2])
            index += 2
        elif char == "%":
            index = after_comment(latex, index)
        else:
            out.append(char)
            index += 1
    return "".join(out)


def read_brace_group(text: str, start: int) -> tuple[str, int]:
    """The raw content of the ``{...}`` opening at ``start`` and the index after it.

    Braces in comments and escaped braces (``\\{``) do not count.
    """
    end = brace_group_end(text, start)
    if end is None:
        raise LegacySyntaxError(
            "unbalanced braces: a '{' is never closed (add the missing '}')", offset=start
        )
    return text[start + 1 : end], end + 1


def _skip_space(text: str, index: int) -> int:
    """Past white space and comments, as TeX skips them before an undelimited argument."""
    while index < len(text):
        if text[index].isspace():
            index += 1
        elif text[index] == "%":
            index = after_comment(text, index)
        else:
            break
    return index


def _read_bracket_group(text: str, start: int) -> tuple[str, int]:
    """The content of ``[...]`` at ``start`` (braces inside may hold ``]``)."""
    depth = 0
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "]" and depth == 0:
            return text[start + 1 : index], index + 1
        index += 1
    raise LegacySyntaxError(
        "unbalanced brackets: the [listings options] are never closed (add ']')", offset=start
    )


def find_macros(latex: str, errors: list[LegacySyntaxError] | None = None) -> list[MacroSpan]:
    """Every ``\\configfile`` and ``\\gdef\\currentsectionname`` in ``latex``, in order.

    A macro that cannot be read raises LegacySyntaxError; with ``errors``
    given, it is recorded there instead and the search goes on after it.
    """
    spans: list[MacroSpan] = []
    index = 0
    while index < len(latex):
        char = latex[index]
        if char == "%":
            index = after_comment(latex, index)
            continue
        if char != "\\":
            index += 1
            continue
        word = _CONTROL_WORD.match(latex, index)
        if word is None:
            index += 2  # \%, \{, \\ ...: never the start of our macros
            continue
        if word.group(1) == "configfile" or latex.startswith(SECTION_MACRO, index):
            try:
                if word.group(1) == "configfile":
                    spans.append(_read_quote(latex, index, word.end()))
                else:
                    spans.append(_read_section(latex, index))
            except LegacySyntaxError as error:
                if errors is None:
                    raise
                errors.append(error)
                index = word.end()
                continue
            index = spans[-1].end
        else:
            index = word.end()
    return spans


def _read_section(latex: str, start: int) -> MacroSpan:
    index = _skip_space(latex, start + len(SECTION_MACRO))
    if index >= len(latex) or latex[index] != "{":
        raise LegacySyntaxError(f"{SECTION_MACRO} takes one {{name}} argument", offset=start)
    group, end = read_brace_group(latex, index)
    name = strip_comments(group).strip()
    if not name or "\\" in name:
        raise LegacySyntaxError(
            f"{SECTION_MACRO} needs a plain directory name, found {{{group}}}", offset=start
        )
    return MacroSpan(start, end, LegacySection(name))


def _read_quote(latex: str, start: int, index: int) -> MacroSpan:
    options = ""
    index = _skip_space(latex, index)
    if index < len(latex) and latex[index] == "[":
        options, index = _read_bracket_group(latex, index)
    groups: list[tuple[str, int, int]] = []  # content, content start, content end
    while len(groups) < 3:
        index = _skip_space(latex, index)
        if index >= len(latex) or latex[index] != "{":
            break
        content, after = read_brace_group(latex, index)
        groups.append((content, index + 1, after - 1))
        index = after
    if len(groups) != 3:
        raise LegacySyntaxError(
            f"{QUOTE_MACRO} takes 3 arguments [options]{{file}}{{ranges}}{{caption}}, "
            f"found {len(groups)}",
            offset=start,
        )
    (argument, _, _), (ranges, ranges_start, ranges_end), (caption, _, _) = groups
    quote = _quote(strip_comments(argument), strip_comments(ranges), caption, options, start)
    return MacroSpan(start, index, quote, (ranges_start, ranges_end))


def _quote(argument: str, ranges: str, caption: str, options: str, start: int) -> LegacyQuote:
    argument = argument.strip()
    if not argument or "\\" in argument:
        raise LegacySyntaxError(
            f"{QUOTE_MACRO}: the file argument must be a plain file name, found {{{argument}}}",
            offset=start,
        )
    try:
        text = rst_caption(caption_pieces(strip_comments(caption)))
    except CaptionError as error:
        raise LegacySyntaxError(str(error), offset=start) from None
    language, name, dropped = _listings_options(options, start)
    return LegacyQuote(argument, "".join(ranges.split()), text, language, name, dropped)


def _split_options(options: str) -> list[str]:
    """``a=1,b={x,y},c`` -> ``["a=1", "b={x,y}", "c"]``: commas inside braces do not split."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in strip_comments(options):
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        current.append(char)
    parts.append("".join(current))
    return [" ".join(part.split()) for part in parts if part.strip()]


def _listings_options(options: str, start: int) -> tuple[str | None, str | None, tuple[str, ...]]:
    """(Pygments language, label, options dropped as written) of ``[listings options]``."""
    language = name = None
    dropped: list[str] = []
    for option in _split_options(options):
        key, _, value = (part.strip() for part in option.partition("="))
        value = value[1:-1].strip() if value.startswith("{") and value.endswith("}") else value
        if key in _LINE_SELECTING_KEYS:
            raise LegacySyntaxError(
                f"{QUOTE_MACRO}: listings option {key}= chooses the lines itself "
                "(write the lines into the ranges argument instead)",
                offset=start,
            )
        if key == "language" and value:
            language = pygments_language(value)
            if language is None:
                dropped.append(option)
        elif key == "label" and value:
            name = value
        else:
            dropped.append(option)
    return language, name, tuple(dropped)


def pygments_language(listings_language: str) -> str | None:
    """The Pygments name of a listings language (``[LaTeX]TeX`` -> ``tex``), None if none."""
    spelled = listings_language.strip().lower()
    candidate = _LISTINGS_TO_PYGMENTS.get(spelled) or re.sub(r"^\[[^\]]*\]", "", spelled)
    try:
        lexer_class_for(candidate)
    except LookupError:
        return None
    return candidate
