"""prosody.cfg.lua and the files it includes -> one ``ProsodyConfig``.

Prosody 0.12.3 core/configmanager.lua ``Include``: a path is taken from the
directory of the file that includes it; a name with ``*`` or ``?`` includes
every matching file of that directory whose name does not start with a dot;
a file that is not there stops the server ("Error loading included"). Each
included file is read with a fresh scope that starts global, and its options
take effect where the ``Include`` stands, so the including file's later
options override them. Options of the same VirtualHost from several files
add up (``set(config_table, host, ...)``).
"""

from __future__ import annotations

import dataclasses
import fnmatch
from dataclasses import dataclass
from pathlib import Path

from hardening_guide_tools.config_text import split_lines

from tls_manifesto.model import ReadIssue
from tls_manifesto.parsers.lua_config import (
    LuaScope,
    ProsodyConfig,
    parse_prosody_config,
)
from tls_manifesto.reading.config_files import UNSEEN, FileSet, refuse_cycle
from tls_manifesto.servers.prosody.unevaluated import block_unevaluated


@dataclass(frozen=True)
class ProsodyFiles:
    config: ProsodyConfig  # every file merged, VirtualHosts of the same name joined
    files: dict[str, tuple[str, ...]]  # main file first, then includes in reading order
    issues: tuple[ReadIssue, ...]


def read_prosody_files(path: str, text: str) -> ProsodyFiles:
    files = FileSet(path)
    files.lines[path] = split_lines(text)
    config = _Reader(files).read(path, text, [path])
    return ProsodyFiles(_joined_hosts(config), files.lines, tuple(files.issues))


class _Reader:
    def __init__(self, files: FileSet) -> None:
        self.files = files

    def read(self, path: str, text: str, chain: list[str]) -> ProsodyConfig:
        config = parse_prosody_config(text, path)
        self._warn_duplicates(config)
        block_unevaluated(config, path, self.files)
        for line, pattern in config.includes:
            for target in self._targets(pattern, path, line):
                refuse_cycle(chain, target, path, line)
                included = self.read(target, self.files.read(target), [*chain, target])
                config = _spliced(config, included, line)
        return config

    def _warn_duplicates(self, config: ProsodyConfig) -> None:
        """configmanager.lua warns "Duplicate option" and keeps the last value; so do we."""
        for scope in config.scopes:
            first: dict[str, int] = {}
            for option in scope.options:
                if option.name in first:
                    self.files.warn(
                        option.path,
                        option.line,
                        f"{option.name} is set again in this scope (first on line "
                        f"{first[option.name]}); Prosody keeps this last value, so it is "
                        "the one judged (remove one)",
                    )
                first.setdefault(option.name, option.line)

    def _targets(self, pattern: str, path: str, line: int) -> list[str]:
        base = Path(path).parent
        wanted = Path(pattern)
        if not any(mark in wanted.name for mark in "*?"):
            located = self.files.locate(pattern)
            as_written = wanted if wanted.is_absolute() else base / wanted
            if not wanted.is_absolute() and as_written.is_file():
                return [str(as_written)]
            if located.found is None:
                self.files.missing(located, path, line, "Include")
                return []
            return [located.found]
        directory = wanted.parent if wanted.is_absolute() else base / wanted.parent
        if not directory.is_dir() and wanted.is_absolute():
            directory = Path(self.files.main).parent / wanted.parent.name
        if not directory.is_dir():
            self.files.block(
                path,
                line,
                f"Include {pattern}: directory not found (Prosody stops): {UNSEEN} "
                "(put a copy beside the config)",
            )
            return []
        return sorted(
            str(directory / name)
            for name in (entry.name for entry in directory.iterdir())
            if not name.startswith(".") and fnmatch.fnmatchcase(name, wanted.name)
        )


def _spliced(config: ProsodyConfig, included: ProsodyConfig, line: int) -> ProsodyConfig:
    """``included`` read where the Include at ``line`` of ``config``'s own file stands."""
    main_global = config.global_scope
    options = list(main_global.options)
    # Before the first option of the including file written after the Include (options
    # spliced in from earlier includes keep their places).
    at = next(
        (i for i, o in enumerate(options) if o.path == main_global.path and o.line > line),
        len(options),
    )
    options[at:at] = included.global_scope.options
    scopes = (dataclasses.replace(main_global, options=tuple(options)), *config.scopes[1:])
    return ProsodyConfig(scopes + included.scopes[1:], config.includes, config.not_interpreted)


def _joined_hosts(config: ProsodyConfig) -> ProsodyConfig:
    """One scope per VirtualHost/Component name, its options in reading order."""
    joined: dict[tuple[str, str | None], LuaScope] = {}
    for scope in config.scopes[1:]:
        key = (scope.kind, scope.name)
        if key in joined:
            first = joined[key]
            joined[key] = dataclasses.replace(first, options=first.options + scope.options)
        else:
            joined[key] = scope
    return ProsodyConfig(
        (config.global_scope, *joined.values()), config.includes, config.not_interpreted
    )
