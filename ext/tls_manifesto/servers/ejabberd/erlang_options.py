"""ejabberd.cfg terms and the files they include -> ``EjabberdOptions`` (ejabberd 2.x).

Top-level terms are ``{Option, Value}``; listeners are
``{listen, [{Port, Module, [Opt, ...]}]}`` where an option is an atom (a flag
such as ``starttls_required``, ``tls``, ``web_admin``) or a tuple opening with
its name: ``{certfile, "..."}``, or ``{hosts, ["icq.example.org"], [...]}``
for ejabberd_service (ejabberd 2.1.x guide, section "Listening Ports").

What ejabberd 2.1.10 src/ejabberd_config.erl does, and so this reader:

- ``{include_config_file, File}`` and ``{include_config_file, File,
  [{disallow, [...]}, {allow_only, [...]}]}`` put the file's terms in place
  of the include, ``disallow`` applied first, then ``allow_only``
  (include_config_files/2); a relative path is taken from the main config's
  directory (get_absolute_path/1).
- ``{define_macro, 'NAME', Value}`` defines a macro in any file; then every
  atom without a lower-case letter is replaced by its macro, and one nobody
  defines stops the server ("undefined_macro"); ``{use_macro, 'NAME',
  Default}`` falls back to its default (replace_term/2).
- ``{host_config, Host, [Options]}`` sets options for one host
  (process_term/2).
- A top-level option may be keyed by a tuple: ``{{s2s_host, "example.net"},
  allow}.`` (2.1.10 guide, "s2s_default_policy"); process_term/2 stores any
  ``{Opt, Val}`` it does not know per host, whatever ``Opt`` is. Such
  options are kept in ``EjabberdOptions.keyed``.
"""

from __future__ import annotations

import re
from typing import Any, TypeGuard

from hardening_guide_tools.config_text import split_lines

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
from tls_manifesto.reading.config_files import UNSEEN, FileSet, refuse_cycle
from tls_manifesto.servers.ejabberd.options import EjabberdOptions, HostOptions, Listener, Opt
from tls_manifesto.servers.evidence import At

# ejabberd 2.1.10 is_all_uppercase/1: an atom with no character in a-z names a macro.
_MACRO_NAME = re.compile(r"^[^a-z]+$")


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


def read_erlang_config(path: str, text: str) -> EjabberdOptions:
    files = FileSet(path)
    files.lines[path] = split_lines(text)
    located = _Includes(files).terms(path, parse_terms(text, path), [path])
    terms, macros = _split_macros(located)
    reader = _Reader(files, macros)
    options = _read_terms(terms, reader)
    return EjabberdOptions(
        options.globals,
        options.listeners,
        options.hosts,
        options.keyed,
        files=files.lines,
        issues=tuple(dict.fromkeys(files.issues)),
    )


class _Includes:
    def __init__(self, files: FileSet) -> None:
        self.files = files

    def terms(self, path: str, terms: tuple[Term, ...], chain: list[str]) -> list[tuple[str, Term]]:
        found: list[tuple[str, Term]] = []
        for term in terms:
            if _named(term, "include_config_file"):
                found += self._included(path, term, chain)
            else:
                found.append((path, term))
        return found

    def _included(self, path: str, term: Tuple, chain: list[str]) -> list[tuple[str, Term]]:
        if len(term.items) not in (2, 3) or not isinstance(term.items[1], String):
            raise ConfigError(
                path, term.line, 'an include is {include_config_file, "file"[, [Options]]}'
            )
        disallow, allow_only = _include_filters(term, path)
        located = self.files.locate(term.items[1].value)
        if located.found is None:
            self.files.missing(located, path, term.line, "include_config_file")
            return []
        refuse_cycle(chain, located.found, path, term.line)
        text = self.files.read(located.found)
        included = self.terms(
            located.found, parse_terms(text, located.found), [*chain, located.found]
        )
        return [(where, t) for where, t in included if _allowed(t, disallow, allow_only)]


def _allowed(term: Term, disallow: set[str], allow_only: set[str] | None) -> bool:
    name = _first_name(term)
    return name not in disallow and (allow_only is None or name in allow_only)


def _include_filters(term: Tuple, path: str) -> tuple[set[str], set[str] | None]:
    if len(term.items) == 2:
        return set(), None
    options = term.items[2]
    if not isinstance(options, List):
        raise ConfigError(path, options.line, "include options are a list: [{disallow, [...]}]")
    disallow: set[str] = set()
    allow_only: set[str] | None = None
    for option in options.items:
        value = plain(option)
        if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list)):
            raise ConfigError(
                path, option.line, "an include option is {disallow | allow_only, [Names]}"
            )
        if value[0] == "disallow":
            disallow |= {str(name) for name in value[1]}
        elif value[0] == "allow_only":
            allow_only = {str(name) for name in value[1]}
    return disallow, allow_only


def _first_name(term: Term) -> str | None:
    if isinstance(term, Atom):
        return term.name
    if isinstance(term, Tuple) and term.items and isinstance(term.items[0], Atom):
        return term.items[0].name
    return None


def _named(term: Term, name: str) -> TypeGuard[Tuple]:
    """``{name, ...}``: a tuple whose first item is the atom ``name``."""
    return isinstance(term, Tuple) and _first_name(term) == name


Located = list[tuple[str, Term]]  # (file, term) in reading order


def _split_macros(located: Located) -> tuple[Located, dict[str, tuple[str, Term]]]:
    terms: Located = []
    macros: dict[str, tuple[str, Term]] = {}
    for path, term in located:
        if not _named(term, "define_macro"):
            terms.append((path, term))
            continue
        macro = term.items[1] if len(term.items) == 3 else None
        if not (isinstance(macro, Atom) and _MACRO_NAME.match(macro.name)):
            raise ConfigError(
                path, term.line, "a macro is {define_macro, 'NAME', Value} with an upper-case NAME"
            )
        macros[macro.name] = (path, term.items[2])
    return terms, macros


class _Reader:
    """Plain values with their lines, macros replaced; an undefined macro blocks passing."""

    def __init__(self, files: FileSet, macros: dict[str, tuple[str, Term]]) -> None:
        self.files = files
        self.macros = macros

    def opt(self, term: Term, path: str, *extra: int) -> Opt:
        value, lines = self.value(term, path, ())
        return Opt(value, tuple(sorted(lines | {At(path, line) for line in extra})))

    def value(self, term: Term, path: str, expanding: tuple[str, ...]) -> tuple[Any, set[At]]:
        here = {At(path, term.line)}
        if isinstance(term, Atom) and _MACRO_NAME.match(term.name):
            return self._macro(term, path, expanding)
        if isinstance(term, Tuple) and _first_name(term) == "use_macro" and len(term.items) == 3:
            name = term.items[1]
            if isinstance(name, Atom) and name.name in self.macros:
                return self._macro(name, path, expanding)
            default, lines = self.value(term.items[2], path, expanding)
            return default, lines | here
        if isinstance(term, Tuple | List):
            values, lines = [], set(here)
            for item in term.items:
                value, item_lines = self.value(item, path, expanding)
                values.append(value)
                lines |= item_lines
            return (tuple(values) if isinstance(term, Tuple) else values), lines
        return plain(term), here

    def _macro(self, atom: Atom, path: str, expanding: tuple[str, ...]) -> tuple[Any, set[At]]:
        here = {At(path, atom.line)}
        defined = self.macros.get(atom.name)
        if defined is None:
            self.files.block(
                path,
                atom.line,
                f"macro {atom.name} is defined in no file read (ejabberd stops: "
                f"undefined_macro): {UNSEEN}",
            )
            return atom.name, here
        if atom.name in expanding:
            raise ConfigError(path, atom.line, f"macro {atom.name} is defined through itself")
        where, value_term = defined
        value, lines = self.value(value_term, where, (*expanding, atom.name))
        return value, lines | here


class _Options:
    def __init__(self) -> None:
        self.globals: dict[str, Opt] = {}
        self.keyed: dict[tuple[Any, ...], Opt] = {}
        self.listeners: tuple[Listener, ...] = ()
        self.hosts: tuple[HostOptions, ...] = ()


def _read_terms(terms: list[tuple[str, Term]], reader: _Reader) -> _Options:
    read = _Options()
    for path, term in terms:
        if isinstance(term, Atom):  # e.g. override_global.
            read.globals[term.name] = Opt(True, (At(path, term.line),))
            continue
        if isinstance(term, Tuple) and _is_tuple_keyed(term):
            key, value = term.items
            read.keyed[plain(key)] = reader.opt(value, path, term.line)
            continue
        if not (isinstance(term, Tuple) and term.items and isinstance(term.items[0], Atom)):
            raise ConfigError(
                path,
                term.line,
                "expected {option_name, Value}. or {{option_name, Key}, Value}.",
            )
        name = term.items[0].name
        if name == "listen" and len(term.items) == 2:
            read.listeners = _read_listeners(term.items[1], path, reader)
        elif name == "host_config" and len(term.items) == 3:
            read.hosts += (_read_host_config(term, path, reader),)
        elif len(term.items) == 2:
            read.globals[name] = reader.opt(term.items[1], path, term.line)
        elif name == "domain_certfile":
            # {domain_certfile, Domain, File}, one per domain: 2.1.10 ejabberd_config.erl
            # stores each under {domain_certfile, Domain}; keep them all.
            whole = reader.opt(term, path)
            earlier = read.globals.get(name, Opt([], ()))
            read.globals[name] = Opt([*earlier.value, whole.value[1:]], earlier.lines + whole.lines)
        else:
            whole = reader.opt(term, path)
            read.globals[name] = Opt(whole.value[1:], whole.lines)
    return read


def _read_host_config(term: Tuple, path: str, reader: _Reader) -> HostOptions:
    host, options = term.items[1], term.items[2]
    if not isinstance(host, String) or not isinstance(options, List):
        raise ConfigError(path, term.line, 'host_config is {host_config, "host", [Options]}')
    read: dict[str, Opt] = {}
    for option in options.items:
        if not (isinstance(option, Tuple) and len(option.items) == 2):
            continue
        name, value = option.items
        if isinstance(name, Atom):
            read[name.name] = reader.opt(value, path, option.line)
    return HostOptions(host.value, At(path, term.line), read)


def _is_tuple_keyed(term: Tuple) -> bool:
    """``{{s2s_host, "example.net"}, allow}``: two items, the first a tuple opening with an atom."""
    if len(term.items) != 2:
        return False
    key = term.items[0]
    return isinstance(key, Tuple) and bool(key.items) and isinstance(key.items[0], Atom)


def _read_listeners(value: Term, path: str, reader: _Reader) -> tuple[Listener, ...]:
    if not isinstance(value, List):
        raise ConfigError(path, value.line, "listen must be a list: {listen, [{5222, ...}]}")
    listeners = []
    for entry in value.items:
        if not (isinstance(entry, Tuple) and len(entry.items) == 3):
            raise ConfigError(path, entry.line, "a listener is {Port, Module, [Options]}")
        port, module, options = entry.items
        if not (isinstance(module, Atom) and isinstance(options, List)):
            raise ConfigError(path, entry.line, "a listener is {Port, Module, [Options]}")
        listeners.append(
            Listener(
                reader.opt(port, path),
                module.name,
                _read_listener_options(options, path, reader),
                At(path, entry.line),
            )
        )
    return tuple(listeners)


def _read_listener_options(options: List, path: str, reader: _Reader) -> dict[str, Opt]:
    """Flags (atoms) and tuples opening with a name: ``{certfile, F}``, ``{hosts, H, Opts}``."""
    read: dict[str, Opt] = {}
    for option in options.items:
        if isinstance(option, Atom):
            read[option.name] = Opt(True, (At(path, option.line),), bare=True)
        elif (
            isinstance(option, Tuple)
            and len(option.items) >= 2
            and (name := _first_name(option)) is not None
        ):
            if len(option.items) == 2:
                read[name] = reader.opt(option.items[1], path, option.line)
            else:  # ejabberd_service {hosts, ["h"], [Options]}: the rest as a tuple
                whole = reader.opt(option, path)
                read[name] = Opt(whole.value[1:], whole.lines)
        else:
            raise ConfigError(
                path, option.line, "a listener option is an atom or {name, Value, ...}"
            )
    return read
