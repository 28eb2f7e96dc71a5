"""An Apache config and the files it includes -> one tree, conditions decided, ${VARS} set.

Includes as httpd 2.4.62 reads them (server/core.c include_config,
server/util.c ap_dir_fnmatch and ap_dir_nofnmatch): a relative path is taken
from ServerRoot; a directory includes every file in it and below, dot files
too; a wildcard (in any path component) matches names whose leading dot it
does not spell (APR_FNM_PERIOD); matches are read in ``strcmp`` order of
their full paths. ``Include`` of a file that is not there, or a wildcard that
matches nothing, stops the server; ``IncludeOptional`` skips both. The
included directives take effect where the ``Include`` stands, inside its
section.

The deployment's ServerRoot is not on this machine: the directory of the
main file stands in for it (Debian's /etc/apache2 holds apache2.conf), and
for a main file in a ``conf`` directory (httpd's own layout,
ServerRoot/conf/httpd.conf) its parent is tried too. An absolute path under
the ServerRoot the config declares is read from there, and any other
absolute path as written, else beside the main file.

Conditional sections are decided here, as httpd decides them while reading
(server/core.c start_ifmod, start_ifdefine): ``<IfModule mod>`` is taken,
because the checker cannot see which modules the binary has built in and a
TLS section guarded by mod_ssl only runs when mod_ssl does; ``<IfModule
!mod>`` is not. ``<IfDefine X>`` follows the ``Define`` lines read before it
(a ``-D`` on the command line is not seen, and the issue says so).
``Define`` values replace ``${NAME}`` in later lines (server/core.c
ap_resolve_env); names no ``Define`` sets (Debian's envvars) stay as written.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from hardening_guide_tools.config_text import split_lines

from tls_manifesto.model import ConfigError, ReadIssue
from tls_manifesto.reading.config_files import UNSEEN, FileSet, refuse_cycle
from tls_manifesto.reading.limits import MAX_NESTING
from tls_manifesto.servers.apache.syntax import Directive, parse_apache_config

# No deployment includes more files with one line; a glob over a mail spool would.
MAX_INCLUDE_MATCHES = 1000
_VARIABLE = re.compile(r"\$\{([A-Za-z0-9_:]+)\}")
_INCLUDES = frozenset({"include", "includeoptional"})
# Sections decided by a name: taken when the name is known to hold (see the docstring).
_BY_NAME = frozenset({"ifmodule", "ifdirective", "ifsection"})
_CONDITIONS = _BY_NAME | {"ifdefine", "ifversion", "iffile"}


@dataclass(frozen=True)
class ApacheFiles:
    directives: tuple[Directive, ...]  # the main file's, includes and conditions resolved
    files: dict[str, tuple[str, ...]]  # main file first, then includes in reading order
    issues: tuple[ReadIssue, ...]


def read_apache_files(path: str, text: str) -> ApacheFiles:
    files = FileSet(path)
    files.lines[path] = split_lines(text)
    reader = _Reader(files)
    directives = reader.resolve(parse_apache_config(text, path), [path])
    return ApacheFiles(directives, files.lines, tuple(files.issues))


@dataclass
class _Reader:
    files: FileSet
    defines: dict[str, str] = field(default_factory=dict)
    server_root: str | None = None

    def resolve(self, directives: tuple[Directive, ...], chain: list[str]) -> tuple[Directive, ...]:
        resolved: list[Directive] = []
        for directive in directives:
            directive = self._substituted(directive)
            key = directive.key
            if key == "define" and directive.args:
                self.defines[directive.args[0]] = " ".join(directive.args[1:])
            elif key == "undefine" and directive.args:
                self.defines.pop(directive.args[0], None)
            elif key == "serverroot" and directive.args:
                self.server_root = directive.args[0]
            if key in _INCLUDES:
                directive = self._included(directive, chain)
            elif key in _CONDITIONS and directive.children is not None:
                taken = self._taken(directive)
                body = self.resolve(directive.children, chain) if taken else ()
                directive = dataclasses.replace(directive, children=body)
            elif directive.children is not None:
                directive = dataclasses.replace(
                    directive, children=self.resolve(directive.children, chain)
                )
            resolved.append(directive)
        return tuple(resolved)

    def _substituted(self, directive: Directive) -> Directive:
        def value(match: re.Match[str]) -> str:
            return self.defines.get(match.group(1), match.group(0))

        args = tuple(_VARIABLE.sub(value, arg) for arg in directive.args)
        return directive if args == directive.args else dataclasses.replace(directive, args=args)

    def _taken(self, section: Directive) -> bool:
        condition = section.args[0] if section.args else ""
        negated = condition.startswith("!")
        name = condition.lstrip("!")
        if section.key in _BY_NAME:
            return not negated
        if section.key == "ifdefine":
            defined = name in self.defines
            if not defined and not negated:
                self.files.warn(
                    section.path,
                    section.line,
                    f"<IfDefine {name}>: no Define sets {name} before this line, so its"
                    " contents are judged as not read (a -D on httpd's command line is not"
                    " seen; add Define to judge them)",
                )
            return defined != negated
        # <IfVersion> and <IfFile> depend on the binary and the host: read as taken.
        self.files.warn(
            section.path,
            section.line,
            f"<{section.name} {' '.join(section.args)}>: judged as if the condition holds"
            " (the checker cannot test it)",
        )
        return True

    def _included(self, include: Directive, chain: list[str]) -> Directive:
        optional = include.key == "includeoptional"
        if len(include.args) != 1:
            raise ConfigError(include.path, include.line, f"{include.name} takes one path")
        written = include.args[0]
        if "${" in written:
            self.files.block(
                include.path,
                include.line,
                f"{include.name} {written}: no Define sets the variable (it may come from"
                f" httpd's environment): {UNSEEN} (Define it in the config)",
            )
            return dataclasses.replace(include, children=())
        targets = self._targets(include, written, optional)
        children: list[Directive] = []
        for target in targets:
            refuse_cycle(chain, target, include.path, include.line)
            text = self.files.read(target)
            parsed = parse_apache_config(text, target)
            children.extend(self.resolve(parsed, [*chain, target]))
        return dataclasses.replace(include, children=tuple(children))

    def _targets(self, include: Directive, written: str, optional: bool) -> list[str]:
        for base in self._bases(written):
            found = _matches(base, include)
            if found is not None:
                return found
        if not optional:
            self.files.block(
                include.path,
                include.line,
                f"{include.name} {written}: nothing there (looked in"
                f" {', '.join(map(str, self._bases(written)))}); httpd refuses to start"
                f" without it, and {UNSEEN} (put a copy beside the config)",
            )
        return []

    def _bases(self, written: str) -> list[Path]:
        """Where ``written`` may be on this machine, most likely first."""
        main_dir = Path(self.files.main).parent
        wanted = PurePosixPath(written)
        if not wanted.is_absolute():
            roots = [main_dir] + ([main_dir.parent] if main_dir.name == "conf" else [])
            return [root / wanted for root in roots]
        root = PurePosixPath(self.server_root) if self.server_root else None
        if root is not None and wanted.is_relative_to(root):
            return [main_dir / wanted.relative_to(root)]
        return [Path(wanted), main_dir / wanted.name]


def _matches(candidate: Path, include: Directive) -> list[str] | None:
    """The files ``candidate`` names, in httpd's order; None when there is nothing there."""
    parts = candidate.parts
    first_glob = next((i for i, part in enumerate(parts) if _is_glob(part)), None)
    if first_glob is None:
        if candidate.is_dir():
            return _limited(_directory_files(candidate, include), include)
        return [str(candidate)] if candidate.is_file() else None
    found: list[Path] = [Path(*parts[:first_glob])]
    for index in range(first_glob, len(parts)):
        last = index == len(parts) - 1
        found = [
            entry
            for directory in found
            if directory.is_dir()
            for entry in _glob_dir(directory, parts[index])
            if last or entry.is_dir()
        ]
        _limited([str(f) for f in found], include)
    files: list[str] = []
    for entry in sorted(found, key=lambda p: str(p).encode()):
        files.extend(_directory_files(entry, include) if entry.is_dir() else [str(entry)])
    return _limited(files, include) or None


def _glob_dir(directory: Path, pattern: str) -> list[Path]:
    return [
        entry
        for entry in directory.iterdir()
        if (pattern.startswith(".") or not entry.name.startswith("."))
        and fnmatch.fnmatchcase(entry.name, pattern)
    ]


def _directory_files(directory: Path, include: Directive, depth: int = 0) -> list[str]:
    """Every file in ``directory`` and below, dot files too, in strcmp order per level.

    httpd stops at 128 levels (AP_MAX_FNMATCH_DIR_DEPTH); a symbolic link back up the
    tree would get there, so the checker stops at MAX_NESTING with the include's line.
    """
    if depth > MAX_NESTING:
        raise ConfigError(
            include.path,
            include.line,
            f"{include.name} {include.args[0]} reaches {directory}, more than {MAX_NESTING}"
            " directories down (a link loop?)",
        )
    files: list[str] = []
    for entry in sorted(directory.iterdir(), key=lambda p: str(p).encode()):
        below = _directory_files(entry, include, depth + 1) if entry.is_dir() else [str(entry)]
        files.extend(below)
        if len(files) > MAX_INCLUDE_MATCHES:
            break
    return files


def _limited(files: list[str], include: Directive) -> list[str]:
    if len(files) > MAX_INCLUDE_MATCHES:
        raise ConfigError(
            include.path,
            include.line,
            f"{include.name} {include.args[0]} matches more than {MAX_INCLUDE_MATCHES} files"
            " (no server config includes that many; name a narrower pattern)",
        )
    return files


def _is_glob(part: str) -> bool:
    return any(mark in part for mark in "*?[")
