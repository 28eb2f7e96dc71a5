"""ejabberd.cfg term parser: values and lines, located errors, and erl as the referee."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from support.skipping import skip_or_fail
from tls_manifesto.model import ConfigError
from tls_manifesto.parsers.erlang_terms import (
    Atom,
    Binary,
    Float,
    Integer,
    List,
    String,
    Term,
    Tuple,
    parse_terms,
)

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "parsers"
MALFORMED = FIXTURES / "erlang" / "malformed"


def test_terms_carry_values_and_lines() -> None:
    terms = parse_terms('%% c\n{hosts, ["example.org"]}.\n{listen,\n [{5222, x}]}.\n', "a.cfg")
    assert terms[0] == Tuple((Atom("hosts", 2), List((String("example.org", 2),), 2)), 2)
    listen = terms[1]
    assert isinstance(listen, Tuple) and listen.line == 3
    assert listen.items[1] == List((Tuple((Integer(5222, 4), Atom("x", 4)), 4),), 4)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("16#FF.", Integer(255, 1)),
        ("$a.", Integer(97, 1)),
        ("1_000.", Integer(1000, 1)),
        ("-2.5e1.", Float(-25.0, 1)),
        ("'Foo bar'.", Atom("Foo bar", 1)),
        ('"a\\x{263A}\\101".', String("a\u263aA", 1)),
        ('<<"ab", 67>>.', Binary(b"abC", 1)),
        ('"ab" "cd".', String("abcd", 1)),
    ],
)
def test_single_term_forms(source: str, expected: Term) -> None:
    assert parse_terms(source + "\n", "t.cfg") == (expected,)


@pytest.mark.parametrize(
    ("fixture", "line", "message"),
    [
        ("unterminated-string.cfg", 2, "unterminated string starting here"),
        ("unterminated-atom.cfg", 2, "unterminated quoted atom starting here"),
        ("missing-comma.cfg", 4, "expected ',' or '}' but found integer 4"),
        ("missing-dot.cfg", 2, "expected '.' after a term"),
        ("unclosed-tuple.cfg", 2, "'{' is never closed (add '}')"),
        ("variable.cfg", 2, "variable Host"),
        ("reserved-word.cfg", 3, "'end' is a reserved word"),
        ("bad-integer.cfg", 1, "not a valid base-16 integer"),
    ],
)
def test_malformed_terms_are_located_errors(fixture: str, line: int, message: str) -> None:
    path = MALFORMED / fixture
    with pytest.raises(ConfigError) as caught:
        parse_terms(path.read_text(), str(path))
    assert (caught.value.line, caught.value.path) == (line, str(path))
    assert message in caught.value.message


def test_improper_list_is_refused_with_its_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_terms("{a, b}.\n{c, [1 | 2]}.\n", "i.cfg")
    assert caught.value.line == 2 and "improper list" in caught.value.message


# --- cross-check with the real Erlang runtime -------------------------------------------

# Prints every consulted term in a canonical form that the Python printer below mirrors:
# strings are lists of integers in Erlang, floats are compared by their IEEE-754 bits.
_ERLANG_CANONICAL = r"""
Join = fun(Items) -> lists:join(",", Items) end,
Codes = fun(Chars) -> Join([integer_to_list(X) || X <- Chars]) end,
C = fun C(T) when is_integer(T) -> ["I", integer_to_list(T)];
        C(T) when is_float(T) -> <<B:64>> = <<T/float>>, ["F", integer_to_list(B)];
        C(T) when is_atom(T) -> ["A(", Codes(atom_to_list(T)), ")"];
        C(T) when is_binary(T) -> ["B(", Codes(binary_to_list(T)), ")"];
        C(T) when is_list(T) -> ["L[", Join([C(X) || X <- T]), "]"];
        C(T) when is_tuple(T) -> ["T{", Join([C(X) || X <- tuple_to_list(T)]), "}"]
    end,
[Path] = init:get_plain_arguments(),
case file:consult(Path) of
    {ok, Terms} -> [io:put_chars([C(T), "\n"]) || T <- Terms], halt(0);
    {error, Reason} -> io:format("ERROR ~p~n", [Reason]), halt(1)
end.
"""


def canonical(term: Term) -> str:
    def codes(chars: str | bytes) -> str:
        return ",".join(str(c if isinstance(c, int) else ord(c)) for c in chars)

    if isinstance(term, Integer):
        return f"I{term.value}"
    if isinstance(term, Float):
        return f"F{struct.unpack('>Q', struct.pack('>d', term.value))[0]}"
    if isinstance(term, Atom):
        return f"A({codes(term.name)})"
    if isinstance(term, Binary):
        return f"B({codes(term.value)})"
    if isinstance(term, String):
        return "L[" + ",".join(f"I{ord(c)}" for c in term.value) + "]"
    if isinstance(term, List):
        return "L[" + ",".join(canonical(item) for item in term.items) + "]"
    return "T{" + ",".join(canonical(item) for item in term.items) + "}"


def erlang_consult(path: Path) -> subprocess.CompletedProcess[str]:
    erl = shutil.which("erl")
    if erl is None:
        skip_or_fail("erl not found: install the Debian package erlang-base")
    return subprocess.run(
        [erl, "-noshell", "-eval", _ERLANG_CANONICAL, "-extra", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def consult_files() -> list[Path]:
    found = sorted((ROOT / "configs").rglob("*.cfg")) + sorted(FIXTURES.rglob("*.cfg"))
    return [path for path in found if MALFORMED not in path.parents]


@pytest.mark.parametrize("path", consult_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_parse_agrees_with_erlang_file_consult(path: Path) -> None:
    erlang = erlang_consult(path)
    assert erlang.returncode == 0, erlang.stdout + erlang.stderr
    ours = [canonical(term) for term in parse_terms(path.read_text("utf-8"), str(path))]
    assert ours == erlang.stdout.splitlines()


@pytest.mark.parametrize("path", sorted(MALFORMED.glob("*.cfg")), ids=lambda p: p.name)
def test_malformed_files_are_rejected_by_erlang_too(path: Path) -> None:
    erlang = erlang_consult(path)
    assert erlang.returncode == 1 and erlang.stdout.startswith("ERROR")
