"""ejabberd.cfg terms -> ``EjabberdOptions`` (ejabberd 2.x).

Top-level terms are ``{Option, Value}``; listeners are
``{listen, [{Port, Module, [Opt, ...]}]}`` where an option is an atom (a flag
such as ``starttls_required``, ``tls``, ``web_admin``) or ``{Name, Value}``
(ejabberd 2.1.x guide, section "Listening Ports").

A top-level option may also be keyed by a tuple: ``{{s2s_host, "example.net"},
allow}.`` (ejabberd 2.1.10 guide, "s2s_default_policy"); ejabberd 2.1.10
src/ejabberd_config.erl process_term/2 stores any ``{Opt, Val}`` it does not
know per host, whatever ``Opt`` is. Such options are kept in
``EjabberdOptions.keyed``.
"""

from __future__ import annotations

from typing import Any

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
)
from tls_manifesto.servers.ejabberd_options import NOT_FOLLOWED, EjabberdOptions, Listener, Opt


def plain(term: Term) -> Any:
    """Atoms and strings become str, tuples tuple, lists list, numbers int/float."""
    if isinstance(term, Atom):
        return term.name
    if isinstance(term, String):
        return term.value
    if isinstance(term, Binary):
        return term.value.decode("latin-1")
    if isinstance(term, Integer | Float):
        return term.value
    if isinstance(term, Tuple):
        return tuple(plain(item) for item in term.items)
    return [plain(item) for item in term.items]


def term_lines(term: Term) -> set[int]:
    lines = {term.line}
    if isinstance(term, Tuple | List):
        for item in term.items:
            lines |= term_lines(item)
    return lines


def _opt(term: Term, *extra_lines: int) -> Opt:
    return Opt(plain(term), tuple(sorted(term_lines(term) | set(extra_lines))))


def read_erlang_options(terms: tuple[Term, ...], path: str) -> EjabberdOptions:
    globals_: dict[str, Opt] = {}
    keyed: dict[tuple[Any, ...], Opt] = {}
    listeners: tuple[Listener, ...] = ()
    not_followed: list[tuple[int, str]] = []
    for term in terms:
        if isinstance(term, Atom):  # e.g. override_global.
            globals_[term.name] = Opt(True, (term.line,))
            continue
        if isinstance(term, Tuple) and _is_tuple_keyed(term):
            key, value = term.items
            keyed[plain(key)] = _opt(value, term.line)
            continue
        if not (isinstance(term, Tuple) and term.items and isinstance(term.items[0], Atom)):
            raise ConfigError(
                path,
                term.line,
                "expected {option_name, Value}. or {{option_name, Key}, Value}.",
            )
        name = term.items[0].name
        if name == "listen" and len(term.items) == 2:
            listeners = _read_listeners(term.items[1], path)
        elif name in NOT_FOLLOWED:
            not_followed.append((term.line, name))
        elif len(term.items) == 2:
            globals_[name] = _opt(term.items[1], term.line)
        else:
            globals_[name] = Opt(plain(term)[1:], tuple(sorted(term_lines(term))))
    return EjabberdOptions(globals_, listeners, tuple(not_followed), keyed)


def _is_tuple_keyed(term: Tuple) -> bool:
    """``{{s2s_host, "example.net"}, allow}``: two items, the first a tuple opening with an atom."""
    if len(term.items) != 2:
        return False
    key = term.items[0]
    return isinstance(key, Tuple) and bool(key.items) and isinstance(key.items[0], Atom)


def _read_listeners(value: Term, path: str) -> tuple[Listener, ...]:
    if not isinstance(value, List):
        raise ConfigError(path, value.line, "listen must be a list: {listen, [{5222, ...}]}")
    listeners = []
    for entry in value.items:
        if not (
            isinstance(entry, Tuple)
            and len(entry.items) == 3
            and isinstance(entry.items[1], Atom)
            and isinstance(entry.items[2], List)
        ):
            raise ConfigError(path, entry.line, "a listener is {Port, Module, [Options]}")
        port, module, options = entry.items
        listeners.append(
            Listener(_opt(port), module.name, _read_listener_options(options, path), entry.line)
        )
    return tuple(listeners)


def _read_listener_options(options: List, path: str) -> dict[str, Opt]:
    read: dict[str, Opt] = {}
    for option in options.items:
        if isinstance(option, Atom):
            read[option.name] = Opt(True, (option.line,))
        elif (
            isinstance(option, Tuple)
            and len(option.items) == 2
            and isinstance(option.items[0], Atom)
        ):
            name = option.items[0].name
            read[name] = _opt(option.items[1], option.line)
        else:
            raise ConfigError(path, option.line, "a listener option is an atom or {name, Value}")
    return read
