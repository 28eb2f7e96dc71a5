"""ejabberd.yml and the files it includes -> ``EjabberdOptions`` (ejabberd 13.12 and later).

What ejabberd does, and so what this reader does (yconf 1.0.15, pinned by
ejabberd 23.01 rebar.config; src/yconf.erl):

- ``include_config_file`` is a path, a list of paths, or a map of path to
  ``{disallow: [...], allow_only: [...]}``; the included file's top-level
  options take the place of the include (include_files/3), filtered by
  ``allow_only`` when it is not empty, else by ``disallow``
  (read_include_files/3); included files may include further files; a
  file that includes itself, directly or not, is refused (read_yaml/3,
  "Circularly included YAML file").
- ``define_macro`` from every file read are collected first, then any scalar
  equal to a macro name is replaced by its value, macros inside macros too
  (replace_macros/2), so a macro defined in one file expands in another.
- A top-level option set twice with list or map values is merged (ejabberd
  20.01+ src/econf.erl group_dups/1: ``listen`` in ``ejabberd.yml`` and in
  ``ports.yml`` add up); any other repeated key keeps its last value, and is
  reported as a warning at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from hardening_guide_tools.config_text import split_lines

from tls_manifesto.model import ConfigError
from tls_manifesto.parsers.yaml_config import YamlMap, YamlNode, YamlScalar, YamlSeq, parse_yaml
from tls_manifesto.reading.config_files import UNSEEN, FileSet, refuse_cycle
from tls_manifesto.servers.ejabberd.fast_tls_options import ignored_look_alikes
from tls_manifesto.servers.ejabberd.options import (
    HOST_SECTIONS,
    EjabberdOptions,
    HostOptions,
    Listener,
    Opt,
)
from tls_manifesto.servers.evidence import At
from tls_manifesto.servers.versions import at_least


@dataclass(frozen=True)
class _Entry:
    """A top-level option as the server sees it after includes: the file it came from."""

    path: str
    key: YamlScalar
    value: YamlNode


def read_yaml_config(path: str, text: str, version: str | None) -> EjabberdOptions:
    files = FileSet(path)
    files.lines[path] = split_lines(text)
    entries = _Includes(files).entries(path, parse_yaml(text, path), [path])
    reader = _Reader(files, _macros(entries, files), _macro_definitions(entries))
    merged = _merge_top_level(entries, files, version)
    globals_: dict[str, Opt] = {}
    listeners: list[Listener] = []
    hosts: list[HostOptions] = []
    for name, group in merged.items():
        if name == "define_macro":
            continue
        if name == "listen":
            for entry in group:
                listeners += _read_listeners(entry, reader)
        elif name in HOST_SECTIONS:
            for entry in group:
                hosts += _read_hosts(entry, reader, append=name == "append_host_config")
        else:
            (entry,) = group
            globals_[name] = reader.opt(entry.value, At(entry.path, entry.key.line), entry.path)
    _judge_undefined_macros(globals_, listeners, hosts, reader.macros, files, version)
    _block_cipher_lists(globals_, listeners, hosts, files)
    issues = tuple(dict.fromkeys(files.issues))  # a node read twice warns once
    return EjabberdOptions(
        globals_, tuple(listeners), tuple(hosts), files=files.lines, issues=issues
    )


class _Includes:
    """Splices included files into the top-level option list, as yconf does."""

    def __init__(self, files: FileSet) -> None:
        self.files = files

    def entries(self, path: str, tree: YamlMap, chain: list[str]) -> list[_Entry]:
        found: list[_Entry] = []
        for key, value in tree.items:
            if key.value == "include_config_file":
                found += self._included(path, key, value, chain)
            else:
                found.append(_Entry(path, key, value))
        return found

    def _included(
        self, path: str, key: YamlScalar, value: YamlNode, chain: list[str]
    ) -> list[_Entry]:
        found: list[_Entry] = []
        for written, line, allow_only, disallow in _include_targets(value, path):
            located = self.files.locate(written)
            if located.found is None:
                self.files.missing(located, path, line, "include_config_file")
                continue
            refuse_cycle(chain, located.found, path, line)
            text = self.files.read(located.found)
            tree = parse_yaml(text, located.found)
            for entry in self.entries(located.found, tree, [*chain, located.found]):
                name = str(entry.key.value)
                if (allow_only and name not in allow_only) or (not allow_only and name in disallow):
                    continue
                found.append(entry)
        return found


# One file an include_config_file names: (file, line, allow_only, disallow).
_IncludeTarget = tuple[str, int, frozenset[str], frozenset[str]]


def _include_targets(value: YamlNode, path: str) -> list[_IncludeTarget]:
    """(file, line, allow_only, disallow) for each file an include_config_file names."""
    if isinstance(value, YamlScalar) and isinstance(value.value, str):
        return [(value.value, value.line, frozenset(), frozenset())]
    targets: list[_IncludeTarget] = []
    if isinstance(value, YamlSeq):
        for item in value.items:
            if not (isinstance(item, YamlScalar) and isinstance(item.value, str)):
                raise ConfigError(path, item.line, "include_config_file lists file paths")
            targets.append((item.value, item.line, frozenset(), frozenset()))
        return targets
    if isinstance(value, YamlMap):
        for file, options in value.items:
            filters = {"allow_only": frozenset[str](), "disallow": frozenset[str]()}
            if isinstance(options, YamlMap):
                for name, names in options.items:
                    if name.value not in filters or not isinstance(names, YamlSeq):
                        raise ConfigError(
                            path, name.line, "an include takes allow_only: [...] or disallow: [...]"
                        )
                    filters[str(name.value)] = frozenset(
                        str(n.value) for n in names.items if isinstance(n, YamlScalar)
                    )
            targets.append((str(file.value), file.line, filters["allow_only"], filters["disallow"]))
        return targets
    raise ConfigError(
        path, value.line, "include_config_file is a path, a list of paths or a map of paths"
    )


def _macros(entries: list[_Entry], files: FileSet) -> dict[str, Opt]:
    """Every define_macro of every file read, expanded."""
    raw = _macro_definitions(entries)
    # Macro values may name other macros: expand them with the same reader.
    reader = _Reader(files, {})
    plain = {name: reader.opt(value, where, where.path) for name, (value, where) in raw.items()}
    expanding = _Reader(files, plain)
    return {name: expanding.opt(value, where, where.path) for name, (value, where) in raw.items()}


def _macro_definitions(entries: list[_Entry]) -> dict[str, tuple[YamlNode, At]]:
    """Every define_macro as written, with where; a name defined twice is refused (yconf)."""
    raw: dict[str, tuple[YamlNode, At]] = {}
    for entry in entries:
        if entry.key.value != "define_macro":
            continue
        if not isinstance(entry.value, YamlMap):
            raise ConfigError(
                entry.path, entry.value.line, "define_macro must be a mapping of NAME: value"
            )
        for name, value in entry.value.items:
            if str(name.value) in raw:
                raise ConfigError(
                    entry.path,
                    name.line,
                    f"macro {name.value} is defined twice (ejabberd refuses a duplicated macro)",
                )
            raw[str(name.value)] = (value, At(entry.path, name.line))
    return raw


def _merge_top_level(
    entries: list[_Entry], files: FileSet, version: str | None
) -> dict[str, list[_Entry]]:
    """Group entries by option name; repeated non-mergeable options keep the last one."""
    merged: dict[str, list[_Entry]] = {}
    for entry in entries:
        name = str(entry.key.value)
        earlier = merged.get(name)
        if earlier is None or name == "define_macro":
            merged.setdefault(name, []).append(entry)
        elif _mergeable(name, earlier[-1].value, entry.value, version):
            earlier.append(entry)
        else:
            first = earlier[-1]
            files.warn(
                entry.path,
                entry.key.line,
                f"{name} is set again (first at {first.path}:{first.key.line}); "
                "ejabberd keeps this last value, so it is the one judged (remove one)",
            )
            merged[name] = [entry]
    return merged


def _mergeable(name: str, first: YamlNode, second: YamlNode, version: str | None) -> bool:
    same_shape = isinstance(first, YamlSeq | YamlMap) and type(first) is type(second)
    # 19.08 group_duplicated_options/2 merged only the host sections; 20.01 every list.
    return same_shape and (name in HOST_SECTIONS or at_least(version, "20.01"))


class _Reader:
    """Plain values with the lines that wrote them; macros replaced; duplicate keys warned."""

    def __init__(
        self,
        files: FileSet,
        macros: dict[str, Opt],
        definitions: dict[str, tuple[YamlNode, At]] | None = None,
    ) -> None:
        self.files = files
        self.macros = macros
        self.definitions = definitions or {}  # the macros as written, for a whole map

    def opt(self, node: YamlNode, key: At, path: str) -> Opt:
        value, lines = self.plain(node, path)
        return Opt(value, tuple(sorted({key, *lines})))

    def plain(self, node: YamlNode, path: str) -> tuple[Any, set[At]]:
        if isinstance(node, YamlScalar):
            at = {At(path, line) for line in node.lines}
            if node.alias:
                self.files.block(
                    path,
                    node.line,
                    f"*{node.value}: ejabberd's YAML reader (fast_yaml) reads an alias as the"
                    f" text {node.value!r}, not the anchored value: nothing can pass (write the"
                    " value out)",
                )
            macro = self.macros.get(node.value) if isinstance(node.value, str) else None
            if macro is not None:
                return macro.value, at | set(macro.lines)
            return node.value, at
        if isinstance(node, YamlSeq):
            values, lines = [], {At(path, node.line)}
            for item in node.items:
                value, item_lines = self.plain(item, path)
                values.append(value)
                lines |= item_lines
            return values, lines
        return self._mapping(node, path)

    def _mapping(self, node: YamlMap, path: str) -> tuple[dict[Any, Any], set[At]]:
        mapping: dict[Any, tuple[Any, set[At]]] = {}
        first_line: dict[Any, int] = {}
        for key, item in node.items:
            value, item_lines = self.plain(item, path)
            if key.value in mapping:
                self.files.warn(
                    path,
                    key.line,
                    f"duplicate key {key.value!r} (first set on line {first_line[key.value]}); "
                    "ejabberd keeps this last value, so it is the one judged (keep one)",
                )
            first_line.setdefault(key.value, key.line)
            mapping[key.value] = (value, item_lines | {At(path, key.line)})
        lines = {At(path, node.line)}
        for _, item_lines in mapping.values():
            lines |= item_lines
        return {key: value for key, (value, _) in mapping.items()}, lines


def _read_listeners(entry: _Entry, reader: _Reader) -> list[Listener]:
    node, path = entry.value, entry.path
    if not isinstance(node, YamlSeq):
        raise ConfigError(path, node.line, "listen must be a list of listeners (- port: ...)")
    listeners = []
    for item in node.items:
        if not isinstance(item, YamlMap):
            raise ConfigError(path, item.line, "a listener must be a mapping (port:, module:)")
        options = _options(item, reader, path)
        port = options.pop("port", None)
        module = options.pop("module", None)
        if port is None or module is None:
            raise ConfigError(path, item.line, "a listener needs both port: and module:")
        listeners.append(Listener(port, str(module.value), options, At(path, item.line)))
    return listeners


def _read_hosts(entry: _Entry, reader: _Reader, append: bool) -> list[HostOptions]:
    """``host_config: {HOST: {option: value}}``: one ``HostOptions`` per host."""
    node, path = entry.value, entry.path
    if not isinstance(node, YamlMap):
        raise ConfigError(path, node.line, f"{entry.key.value} maps host names to options")
    hosts = []
    for host, options in node.items:
        options_path = path
        if isinstance(options, YamlScalar) and str(options.value) in reader.definitions:
            # yconf replaces the macro before validation, so a macro defined as a map
            # is the host's options (ejabberd 23.01 test/ejabberd_SUITE_data/ejabberd.yml:
            # "pgsql.localhost: PGSQL_CONFIG", defined in macros.yml).
            options, where = reader.definitions[str(options.value)]
            options_path = where.path
        if not isinstance(options, YamlMap):
            raise ConfigError(
                options_path, options.line, f"the options of host {host.value} are a map"
            )
        hosts.append(
            HostOptions(
                str(host.value),
                At(path, host.line),
                _options(options, reader, options_path),
                append,
            )
        )
    return hosts


def _options(node: YamlMap, reader: _Reader, path: str) -> dict[str, Opt]:
    """A map of options; a repeated key keeps its last value, with a warning."""
    options: dict[str, Opt] = {}
    first_line: dict[str, int] = {}
    for key, value in node.items:
        name = str(key.value)
        if name in options:
            reader.files.warn(
                path,
                key.line,
                f"duplicate key {name!r} (first set on line {first_line[name]}); "
                "ejabberd keeps this last value, so it is the one judged (keep one)",
            )
        first_line.setdefault(name, key.line)
        options[name] = reader.opt(value, At(path, key.line), path)
    return options


# Options whose value a verdict rests on; a macro-like value there must be known.
_TLS_OPTIONS = frozenset(
    {"certfile", "certfiles", "ciphers", "dhfile", "protocol_options", "starttls",
     "starttls_required", "tls", "cafile", "ca_file", "domain_certfile", "s2s_use_starttls"}
    | {f"{role}_{name}" for role in ("c2s", "s2s")
       for name in ("certfile", "ciphers", "dhfile", "protocol_options", "cafile")}
)  # fmt: skip
# yconf 1.0.15 validator(define_macro): names match ^[A-Z_0-9]+$. One with an
# underscore is not an OpenSSL cipher keyword (HIGH, DEFAULT); TLS 1.3 suite names
# (TLS_AES_128_GCM_SHA256, RFC 8446 appendix B.4) are not macros either.
_MACRO_LIKE = re.compile(r"^[A-Z][A-Z0-9]*_[A-Z0-9_]+$")
_TLS13_SUITE = re.compile(
    r"^TLS_(AES_(128|256)_(GCM|CCM(_8)?)_SHA(256|384)|CHACHA20_POLY1305_SHA256)$"
)


def _judge_undefined_macros(
    globals_: dict[str, Opt],
    listeners: list[Listener],
    hosts: list[HostOptions],
    macros: dict[str, Opt],
    files: FileSet,
    version: str | None,
) -> None:
    """A TLS value that reads like a macro nobody defines, judged as the server reads it.

    From 19.08 ejabberd reads YAML with yconf, whose replace_macro/4 (1.0.15,
    src/yconf.erl) replaces only defined names and leaves any other value as
    it is: an undefined ``NAME`` is the text "NAME" (``_as_text``). Before,
    ejabberd_config.erl replace_term/2 (13.12 to 19.05) read a plain
    all-upper-case scalar as an atom (fast_yaml ``plain_as_atom``) and stopped
    on an undefined one (``undefined_macro``): nothing of the config can pass.
    """
    # One finding per line, value and meaning, naming every option that uses it: a macro
    # written once may serve c2s, s2s and each listener.
    users: dict[tuple[At, str, str | None], list[str]] = {}
    scopes = [globals_, *(item.options for item in listeners), *(h.options for h in hosts)]
    for options in scopes:
        for name, opt in options.items():
            if name not in _TLS_OPTIONS:
                continue
            values = opt.value if isinstance(opt.value, list) else [opt.value]
            for value in values:
                unknown = isinstance(value, str) and value not in macros
                if not (unknown and _MACRO_LIKE.match(value) and not _TLS13_SUITE.match(value)):
                    continue
                as_text = _as_text(name, value) if at_least(version, "19.08") else None
                if as_text == "":
                    continue
                where = opt.lines[-1]
                if as_text is not None and isinstance(opt.value, list):
                    # A list's items share its lines: the key's line, as ejabberd.py's warning.
                    where = opt.lines[0]
                users.setdefault((where, value, as_text), []).append(name)
    for (where, value, as_text), names in users.items():
        named = ", ".join(dict.fromkeys(names))
        if as_text is None:
            message = f"{named}: {value} reads like a macro no file defines: {UNSEEN}"
            files.block(where.path, where.line, message)
        else:
            files.warn(where.path, where.line, f"{named}: {as_text}")


_YCONF_TEXT = "reads like a macro no file defines; ejabberd 19.08 and later (yconf) keep it as"


def _as_text(name: str, value: str) -> str | None:
    """What the server does with ``value`` as text (a warning, after the option's name),
    "" when said elsewhere, or None.

    None: an option whose text no rule can judge (a certificate path), still unseen.
    """
    if name.endswith("protocol_options"):
        if ignored_look_alikes(value):
            return ""  # ejabberd.py warns that fast_tls skips this look-alike
        return (
            f"{value} {_YCONF_TEXT} the option name {value!r}, which fast_tls does"
            " not know and skips (c_src/fast_tls.c set_option_flag), so it sets nothing"
        )
    if name.endswith("dhfile"):
        # yconf 1.0.15 file(read) opens the path and fails with read_file: the config
        # is refused, so ejabberd does not start (or a reload keeps the old one).
        return (
            f"{value} {_YCONF_TEXT} the file name {value!r}, and yconf's file"
            " validator refuses a file it cannot open, so ejabberd does not start with this"
            " config (define the macro or name the DH file)"
        )
    if name.endswith("ciphers"):
        # fast_tls 1.1.16 c_src/fast_tls.c create_new_ctx ignores what
        # SSL_CTX_set_cipher_list returns; OpenSSL 1.1.1 and 3.0 (ssl/ssl_ciph.c) have
        # then already replaced the list with one holding only the TLS 1.3 suites.
        return (
            f"{value} {_YCONF_TEXT} the cipher string {value!r}, which matches no"
            " suite: fast_tls ignores the failure, and OpenSSL 1.1.1 and later are left with"
            " only their TLS 1.3 suites, so no TLS 1.2 client can connect (define the macro"
            " or write the cipher string)"
        )
    return None


def _block_cipher_lists(
    globals_: dict[str, Opt],
    listeners: list[Listener],
    hosts: list[HostOptions],
    files: FileSet,
) -> None:
    """``ciphers: [A, B]``: ejabberd takes one OpenSSL string, so a list is not what runs.

    yconf's binary validator (econf:binary/0 -> yconf:to_binary/1, yconf @ 76c3ab8)
    refuses a list; older listeners took ``iolist_to_binary/1``, which joins the
    items without ``:``. Either way the list as written is not the cipher string.
    """
    scopes = [globals_, *(item.options for item in listeners), *(h.options for h in hosts)]
    for options in scopes:
        for name, opt in options.items():
            if name.endswith("ciphers") and isinstance(opt.value, list):
                where = opt.lines[0]
                files.block(
                    where.path,
                    where.line,
                    f'{name} is a list; ejabberd takes one cipher string ("A:B") and refuses'
                    " or misreads a list, so nothing can pass (join the items with ':')",
                )
