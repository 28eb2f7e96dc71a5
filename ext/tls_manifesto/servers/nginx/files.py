"""nginx.conf and the files it includes -> one tree, each directive in the file it is written in.

nginx 1.30.4 src/core/ngx_conf_file.c ngx_conf_include (1.18.0 and 1.22.1 the
same): ``include`` takes a path relative to the configuration prefix, which
is the directory of the main file nginx was started with (``nginx -c
DIR/nginx.conf -p DIR``), not the directory of the including file. A name
without ``*``, ``?`` or ``[`` must be there (a missing file stops nginx); a
name with them is a glob (glob(3) with no flags, so sorted, and ``*`` skips
names starting with a dot) that may match nothing. The included file's
directives take the place of the ``include``, in the context it stands in.

Absolute paths name the deployment host (``/etc/nginx/sites-enabled/*``); a
copy kept with the config is found by taking the path's tail below the main
file's directory (``sites-enabled/*`` beside ``nginx.conf``), the longest tail
first; only when no tail is there is the path read as written. A glob whose
directory is nowhere matches nothing, as in nginx, and is reported so that a
missing copy is not read as an empty directory.
"""

from __future__ import annotations

import glob
import itertools
from dataclasses import dataclass, replace
from pathlib import Path

from hardening_guide_tools.config_text import split_lines

from tls_manifesto.model import ConfigError, ReadIssue
from tls_manifesto.reading.config_files import UNSEEN, FileSet, refuse_cycle
from tls_manifesto.servers.nginx.syntax import Directive, parse_nginx

# Included files one config may read (a file included twice counts twice): a host
# with hundreds of virtual hosts stays well inside it; a glob over 10,000 files, or
# files that include each other's includes over and over, are stopped at a line.
MAX_INCLUDED_FILES = 1000
_GLOB_MARKS = "*?["


@dataclass(frozen=True)
class NginxFiles:
    directives: tuple[Directive, ...]  # the main file's, includes spliced in
    files: dict[str, tuple[str, ...]]  # main file first, then includes in reading order
    issues: tuple[ReadIssue, ...]


def read_nginx_files(path: str, text: str) -> NginxFiles:
    files = FileSet(path)
    files.lines[path] = split_lines(text)
    directives = _Includes(files).expand(parse_nginx(text, path), [path], 0)
    return NginxFiles(directives, files.lines, tuple(files.issues))


class _Includes:
    def __init__(self, files: FileSet) -> None:
        self.files = files
        self.main_dir = Path(files.main).parent
        self.reads = 0  # includes read, counting a file each time: nested repeats multiply

    def expand(
        self, directives: tuple[Directive, ...], chain: list[str], depth: int
    ) -> tuple[Directive, ...]:
        expanded: list[Directive] = []
        for directive in directives:
            if directive.name == "include" and directive.block is None:
                expanded += self._included(directive, chain, depth)
            elif directive.block is not None:
                block = self.expand(directive.block, chain, depth + 1)
                expanded.append(replace(directive, block=block))
            else:
                expanded.append(directive)
        return tuple(expanded)

    def _included(self, include: Directive, chain: list[str], depth: int) -> list[Directive]:
        if len(include.args) != 1:
            raise ConfigError(
                include.path,
                include.line,
                f'invalid number of arguments in "include" ({len(include.args)};'
                " it takes one path)",
            )
        written = include.args[0]
        targets = (
            self._glob(written, include)
            if any(mark in written for mark in _GLOB_MARKS)
            else self._file(written, include)
        )
        directives: list[Directive] = []
        for target in targets:
            refuse_cycle(chain, target, include.path, include.line)
            self.reads += 1
            if self.reads > MAX_INCLUDED_FILES:
                raise ConfigError(
                    include.path,
                    include.line,
                    f"include {written}: more than {MAX_INCLUDED_FILES} included files read"
                    " for one config (no server config needs that many)",
                )
            text = self.files.read(target)
            parsed = parse_nginx(text, target, depth)
            directives += self.expand(parsed, [*chain, target], depth)
        return directives

    def _file(self, written: str, include: Directive) -> list[str]:
        candidates = self._candidates(written, keep_name=True)
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            shown = ", ".join(map(str, candidates))
            self.files.issues.append(
                ReadIssue(
                    self.files.evidence(include.path, include.line),
                    f"include {written} not found (looked for {shown}); nginx refuses to"
                    f" start without it: {UNSEEN} (put a copy beside the config)",
                    blocks_pass=True,
                    absent=tuple(map(str, candidates)),
                )
            )
            return []
        return [str(found)]

    def _glob(self, written: str, include: Directive) -> list[str]:
        candidates = self._candidates(written, keep_name=False)
        pattern = next((c for c in candidates if _fixed_part(c).is_dir()), None)
        if pattern is None:
            shown = ", ".join(str(_fixed_part(c)) for c in candidates)
            self.files.warn(
                include.path,
                include.line,
                f"include {written}: no such directory here (looked for {shown}), so it"
                " matches nothing, as nginx reads it; on the deployment host it may hold"
                " configuration (put a copy beside the config)",
            )
            return []
        matches = list(
            itertools.islice(glob.iglob(str(pattern)), MAX_INCLUDED_FILES + 1)
        )  # fmt: skip
        if len(matches) > MAX_INCLUDED_FILES:
            raise ConfigError(
                include.path,
                include.line,
                f"include {written} matches more than {MAX_INCLUDED_FILES} files"
                " (no server config needs that many)",
            )
        # glob(3) sorts by strcoll; nginx sets no locale, so that is byte order.
        return sorted((m for m in matches if Path(m).is_file()), key=lambda m: m.encode())

    def _candidates(self, written: str, keep_name: bool) -> list[Path]:
        """Where to look: relative to the main file's directory; an absolute path's tails
        below it (longest first), then as written."""
        wanted = Path(written)
        if not wanted.is_absolute():
            return [self.main_dir / wanted]
        parts = wanted.parts[1:]
        # A glob's own name is no directory to find: "*.conf" alone would match nginx.conf.
        shortest = len(parts) if keep_name else len(parts) - 1
        tails = [self.main_dir.joinpath(*parts[i:]) for i in range(shortest)]
        return [*dict.fromkeys([*tails, wanted])]


def _fixed_part(pattern: Path) -> Path:
    """The directory a glob pattern starts from: its components before the first glob mark."""
    plain = itertools.takewhile(lambda p: not any(m in p for m in _GLOB_MARKS), pattern.parts)
    fixed = list(plain)
    return Path(*fixed) if fixed else Path(".")
