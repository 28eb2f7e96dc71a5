"""Property: ``migrate`` on generated pages is idempotent and touches only the quotes."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sphinx_configfile.legacy.migrate.pages import migrate_text

_WORDS = st.sampled_from(["TLS", "ejabberd", "the", "config", "server", "{brace}", "50%"])
_PARAGRAPH = st.lists(_WORDS, min_size=1, max_size=8).map(" ".join)
_PATH = st.sampled_from(["14.12/ejabberd.yml", "ircd.conf", "/top.yml", "0.12/prosody.cfg.lua"])
_RANGES = st.sampled_from(["", "3", "1-2", "104-107,113-114", "5-5,9"])
_CAPTION = st.sampled_from(
    [
        "TLS setup",
        "Ciphers for \\texttt{ejabberd}",
        "A, B and C",
        # Written as inline reST: a literal, a link, and escaped reST specials.
        "*x* |y| \\texttt{a\\_b}s for \\url{https://example.org} \\textbackslash",
    ]
)


@st.composite
def role_quote(draw: st.DrawFn) -> str:
    path, ranges, caption = draw(_PATH), draw(_RANGES), draw(_CAPTION)
    options = draw(st.sampled_from(["", "[language=Erlang]", "[label=lst:x]"]))
    return f":raw-latex:`\\configfile{options}{{{path}}}{{{ranges}}}{{{caption}}}`"


@st.composite
def raw_block(draw: st.DrawFn) -> str:
    lines = draw(
        st.lists(
            st.one_of(
                st.builds(lambda p, r: f"\\configfile{{{p}}}{{{r}}}{{Cap}}", _PATH, _RANGES),
                st.just("\\vspace{1em}"),
                st.just("\\gdef\\currentsectionname{IM}"),
            ),
            min_size=1,
            max_size=4,
        )
    )
    return ".. raw:: latex\n\n" + "\n".join(f"   {line}" for line in lines)


@st.composite
def shared_line(draw: st.DrawFn) -> str:
    """A role with text before and/or after it on its line, or as a list item of its own."""
    marker = draw(st.sampled_from(["", "-  ", "#. "]))
    before, after = draw(st.sampled_from(["", "Before"])), draw(st.sampled_from(["", "after"]))
    words = [word for word in (before, draw(role_quote()), after) if word]
    return marker + " ".join(words) + draw(st.sampled_from(["", "\ncontinued"]))


@st.composite
def item_list(draw: st.DrawFn) -> str:
    """A raw block holding a LaTeX list of quotes, maybe between other LaTeX."""
    env = draw(st.sampled_from(["itemize", "itemize*", "enumerate"]))
    quote = st.builds(lambda p, r: f"\\item \\configfile{{{p}}}{{{r}}}{{Cap}}", _PATH, _RANGES)
    items = draw(st.lists(quote, min_size=1, max_size=3))
    lines = [f"\\begin{{{env}}}", *(f"  {item}" for item in items), f"\\end{{{env}}}"]
    lines = draw(st.sampled_from([[], ["\\vspace{1em}"]])) + lines
    return ".. raw:: latex\n\n" + "\n".join(f"   {line}" for line in lines)


@st.composite
def page(draw: st.DrawFn) -> str:
    parts = ["Title\n=====", ".. role:: raw-latex(raw)\n   :format: latex"]
    for _ in range(draw(st.integers(1, 6))):
        shapes = (_PARAGRAPH, role_quote(), raw_block(), shared_line(), item_list())
        parts.append(draw(st.one_of(*shapes)))
    text = "\n\n".join(parts) + "\n"
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


@given(page())
def test_migrating_twice_is_migrating_once(text: str) -> None:
    first = migrate_text(text, Path("page.rst"))
    assert not first.problems, first.problems
    second = migrate_text(first.new_text, Path("page.rst"))
    assert not second.problems
    assert second.new_text == first.new_text
    assert "\\configfile" not in first.new_text
    # Line endings are the page's own: a CRLF page gains no bare LF.
    if "\r\n" in text:
        assert "\n" not in first.new_text.replace("\r\n", "")


@given(page())
def test_lines_without_quotes_survive_byte_for_byte(text: str) -> None:
    migrated = migrate_text(text, Path("page.rst")).new_text
    # Everything but the macros and the header of a block left with none, in order.
    quotes = ("configfile", "gdef", ".. raw:: latex", "itemize", "enumerate")
    kept = [
        line for line in text.splitlines() if line.strip() and not any(q in line for q in quotes)
    ]
    remaining = iter(migrated.splitlines())
    for line in kept:
        assert any(line == other for other in remaining), line
