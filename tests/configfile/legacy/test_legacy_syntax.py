"""Reading the old macros out of raw LaTeX, and LaTeX captions as inline reST."""

from __future__ import annotations

import pytest
from sphinx_configfile.legacy.caption_rst import rst_caption
from sphinx_configfile.legacy.latex_caption import CaptionError, caption_pieces
from sphinx_configfile.legacy.syntax import (
    LegacyQuote,
    LegacySection,
    LegacySyntaxError,
    find_macros,
    pygments_language,
)


def caption_rst(latex: str) -> str:
    return rst_caption(caption_pieces(latex))


@pytest.mark.parametrize(
    ("latex", "rst"),
    [
        ("TLS setup for ejabberd", "TLS setup for ejabberd"),
        ("\\texttt{main.cf} and \\emph{smtpd}", "``main.cf`` and smtpd"),
        ("\\path{/etc/ssl/my_key~1.pem}", "``/etc/ssl/my_key~1.pem``"),  # \path is verbatim
        ("ssl\\_cipher\\_list \\& more", "ssl_cipher_list & more"),
        ("TLS~1.2--1.3", "TLS 1.2\u20131.3"),
        ("server --- client", "server \u2014 client"),
        ("``quoted''", "\u201cquoted\u201d"),
        ("a \\textbf{b \\textit{c}} d", "a b c d"),
        ("wrapped\n   over  lines", "wrapped over lines"),
        ("\\verb|ssl.dh-file| set", "``ssl.dh-file`` set"),
        ("\\lstinline[language=sh]!ls -l! and \\lstinline{a b}", "``ls -l`` and ``a b``"),
        ("\\LaTeX{} source", "LaTeX source"),
        ("50\\% {grouped}", "50% grouped"),
        # Typewriter has no TeX ligatures: two hyphens stay two hyphens.
        ("\\texttt{--cipher} -- \\texttt{ssl\\_ciphers}", "``--cipher`` \u2013 ``ssl_ciphers``"),
        ("the \\texttt{main.cf}s", "the ``main.cf``\\ s"),  # code touching a word
        ("(\\texttt{ a b })", "( ``a b`` )"),  # space inside code moves out
        # Links stay links: \url shows its URL, \href its text.
        ("TLS for \\url{https://example.org}", "TLS for `<https://example.org>`__"),
        ("\\href{https://x.org/a\\#b}{the docs}", "`the docs <https://x.org/a#b>`__"),
        # An escaped brace does not close a verbatim argument, as for the macros.
        ("\\url{https://x.org/a\\}b} c", "`<https://x.org/a}b>`__ c"),
        ("\\path{/etc/\\{a\\}} c", "``/etc/\\{a\\}`` c"),
        # Text that reST would read as markup is escaped.
        ("*all* \\_private\\_ |x| `q'", "\\*all\\* \\_private\\_ \\|x\\| \u2018q'"),
        ("ends in \\textbackslash", "ends in \\\\"),
        # Font switches change the rest of their group: typewriter makes it code.
        (
            "the {\\tt main.cf} and {\\ttfamily \\_x} and {\\bfseries bold}",
            "the ``main.cf`` and ``_x`` and bold",
        ),
        ("{\\em a {\\tt b\\}} c} d", "a ``b}`` c d"),
    ],
)
def test_caption_latex_becomes_inline_rest(latex: str, rst: str) -> None:
    assert caption_rst(latex) == rst


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        ("\\textcolor{red}{x}", "unsupported LaTeX command \\textcolor"),
        ("$\\geq$ 2048 bits", "math"),
        ("\\texttt{open", "never closed"),
        ("close}", "closes nothing"),
        ("\\texttt x", "\\texttt needs a {...} argument"),
    ],
)
def test_caption_latex_without_plain_equivalent_is_refused(latex: str, message: str) -> None:
    with pytest.raises(CaptionError, match=message.replace("\\", "\\\\").replace("{", "\\{")):
        caption_pieces(latex)


def test_every_macro_of_a_block_is_found_with_its_offsets() -> None:
    block = (
        "\\begin{itemize*}\n\\item x\n\\end{itemize*}\n"
        "\\gdef\\currentsectionname{Mail}\n"
        "% \\configfile{commented}{1}{out}\n"
        "\\configfile{main.cf}{1-2}{A}\n"
        "\\configfiles{not}{ours}{either}\n"
        "\\configfile[language=bash,breaklines]{master.cf}{}{%\n   The whole \\texttt{master.cf}}"
    )
    spans = find_macros(block)
    assert [span.macro for span in spans] == [
        LegacySection("Mail"),
        LegacyQuote("main.cf", "1-2", "A"),
        LegacyQuote("master.cf", "", "The whole ``master.cf``", "bash", None, ("breaklines",)),
    ]
    assert block[spans[1].start : spans[1].end] == "\\configfile{main.cf}{1-2}{A}"
    assert block[spans[2].end :] == ""
    first, last = spans[1].ranges_span or (0, 0)
    assert block[first:last] == "1-2"


def test_comments_and_white_space_may_stand_between_arguments() -> None:
    (span,) = find_macros("\\configfile {a.conf}%\n  { 1-2 , 5 }%\n  {Cap}")
    assert span.macro == LegacyQuote("a.conf", "1-2,5", "Cap")


@pytest.mark.parametrize(
    ("options", "language", "name", "dropped"),
    [
        ("language=Python", "python", None, ()),
        ("language={[LaTeX]TeX}", "tex", None, ()),
        ("language=sh,label={lst:ssh}", "bash", "lst:ssh", ()),
        ("language=Klingon", None, None, ("language=Klingon",)),
        ("frame=single, basicstyle={\\small\\ttfamily}", None, None,
         ("frame=single", "basicstyle={\\small\\ttfamily}")),
    ],
)  # fmt: skip
def test_listings_options_map_or_are_dropped(options, language, name, dropped) -> None:
    (span,) = find_macros(f"\\configfile[{options}]{{f}}{{1}}{{c}}")
    assert isinstance(span.macro, LegacyQuote)
    assert (span.macro.language, span.macro.name, span.macro.dropped) == (language, name, dropped)


@pytest.mark.parametrize("key", ["linerange={1-2}", "firstline=3", "lastline=9", "firstnumber=4"])
def test_line_selecting_listings_options_are_refused(key: str) -> None:
    with pytest.raises(LegacySyntaxError, match="chooses the lines itself"):
        find_macros(f"\\configfile[{key}]{{f}}{{1}}{{c}}")


@pytest.mark.parametrize(
    ("latex", "message", "offset"),
    [
        ("x\n\\configfile{a}{1-2}", "takes 3 arguments .* found 2", 2),
        ("\\configfile{a}{1}{open {brace}", "unbalanced braces", 17),
        ("\\configfile[frame=single{a}{1}{c}", "never closed", 11),
        ("\\configfile{\\_a}{1}{c}", "plain file name", 0),
        ("\\gdef\\currentsectionname{}", "plain directory name", 0),
        ("\\configfile{a}{1}{\\foo}", "unsupported LaTeX command \\\\foo", 0),
    ],
)
def test_unreadable_macros_say_what_is_wrong_and_where(latex: str, message: str, offset: int):
    with pytest.raises(LegacySyntaxError, match=message) as error:
        find_macros(latex)
    assert error.value.offset == offset


def test_listings_language_names_map_to_pygments() -> None:
    assert pygments_language("XML") == "xml"
    assert pygments_language("[Sharp]C") == "csharp"
    assert pygments_language("nonsense") is None
