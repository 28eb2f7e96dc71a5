"""dovecot.conf and the files it includes -> one stream of statements, in reading order.

Dovecot 2.3.19.1 and 2.4.4 src/config/config-parser.c: ``!include`` and
``!include_try`` take a path relative to the directory of the file that
holds them (fix_relative_path), expand it with glob(3) and GLOB_BRACE (each
``{a,b}`` alternative sorted on its own, names starting with a dot left out),
and read the files found in that order at the place of the include, so an
included file's lines belong to whatever section is open there. A mandatory
include that matches nothing stops the server ("No matches"); ``!include_try``
skips it. A file already on the stack of files being read is refused
("Recursive include file").

An absolute path names the deployment host. A repository keeps a copy beside
the config (``protocols.d/`` for ``/usr/share/dovecot/protocols.d/*.protocol``),
and that copy is read first, so a check does not depend on what this machine
has installed; the path as written is tried after it. ``ServerConfig.sources``
lists the files actually read.
"""

from __future__ import annotations

import glob
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hardening_guide_tools.config_text import split_lines

from tls_manifesto.model import ConfigError, ReadIssue
from tls_manifesto.reading.config_files import UNSEEN, FileSet, refuse_cycle
from tls_manifesto.servers.dovecot.syntax import Statement, parse_statements

# Files one config may read. Debian 12's dovecot.conf reads 20; a glob matching more
# than this is refused at its include line before any is read.
MAX_FILES = 1000


@dataclass(frozen=True)
class DovecotFiles:
    statements: tuple[Statement, ...]  # every file's, spliced in at its include
    files: dict[str, tuple[str, ...]]  # main file first, then includes in reading order
    issues: tuple[ReadIssue, ...]


def read_dovecot_files(path: str, text: str) -> DovecotFiles:
    files = FileSet(path)
    files.lines[path] = split_lines(text)
    statements: list[Statement] = []
    # Each file is read when its turn comes, so ``files`` keeps the server's reading order.
    stack: list[_Input] = [_Input(path, iter(parse_statements(path, text)))]
    queued = 1  # files read or waiting on the stack
    while stack:
        top = stack[-1]
        if top.statements is None:
            top.statements = iter(parse_statements(top.path, files.read(top.path)))
        statement = next(top.statements, None)
        if statement is None:
            stack.pop()
            continue
        if statement.kind not in ("include", "include_try"):
            statements.append(statement)
            continue
        targets = _targets(files, statement)
        queued += len(targets)
        if queued > MAX_FILES:
            raise ConfigError(
                statement.path,
                statement.line,
                f"!include {statement.key} would read more than {MAX_FILES} files "
                "(no server config needs that many)",
            )
        # The server pushes them all at once, last first, so the first match is read first
        # (settings_include); each is refused if already on that stack, which holds the
        # files being read and the later matches waiting their turn.
        reading = [item.path for item in stack]
        for index, target in enumerate(targets):
            waiting = targets[index + 1 :]
            refuse_cycle([*reading, *waiting], target, statement.path, statement.line)
        stack.extend(_Input(target) for target in reversed(targets))
    return DovecotFiles(tuple(statements), files.lines, tuple(files.issues))


@dataclass
class _Input:
    """A file on the server's stack of inputs; its statements once its turn has come."""

    path: str
    statements: Iterator[Statement] | None = None


def _targets(files: FileSet, include: Statement) -> list[str]:
    """The files an include reads, in the server's order; a read issue when it finds none."""
    written = include.key
    for pattern in _candidate_patterns(files.main, include.path, written):
        found = _matches(pattern, include)
        if found:
            return found
    if include.kind == "include":
        files.block(
            include.path,
            include.line,
            f"!include {written} matches no file (Dovecot stops: No matches): {UNSEEN} "
            "(put a copy beside the config)",
        )
    elif Path(written).is_absolute():
        # Optional, but on the deployment host it may well match (Debian's protocols.d).
        files.warn(
            include.path,
            include.line,
            f"!include_try {written} matches no file here; on the server it may, and what it "
            "sets is not judged (put a copy beside the config)",
        )
    return []


def _candidate_patterns(main: str, including: str, written: str) -> list[str]:
    wanted = Path(written)
    if not wanted.is_absolute():
        return [glob.escape(str(Path(including).parent)) + os.sep + written]
    beside = glob.escape(str(Path(main).parent))
    patterns = [beside + os.sep + wanted.name]
    if wanted.parent.name:
        patterns.insert(0, beside + os.sep + wanted.parent.name + os.sep + wanted.name)
    return [*patterns, written]


def _matches(pattern: str, include: Statement) -> list[str]:
    """glob(pattern, GLOB_BRACE): each brace alternative sorted on its own, at most MAX_FILES."""
    found: list[str] = []
    for alternative in _braces_expanded(pattern):
        if not glob.has_magic(alternative):
            if os.path.lexists(alternative):
                found.append(alternative)
            continue
        matched = list(itertools.islice(glob.iglob(alternative), MAX_FILES + 1))
        if len(found) + len(matched) > MAX_FILES:
            raise ConfigError(
                include.path,
                include.line,
                f"!include {include.key} matches more than {MAX_FILES} files "
                "(no server config needs that many)",
            )
        found.extend(sorted(matched, key=os.fsencode))  # glob(3) sorts; C locale: bytes
    for target in found:
        if os.path.isdir(target):
            raise ConfigError(
                include.path, include.line, f"!include {include.key}: {target} is a directory"
            )
    return found


def _braces_expanded(pattern: str) -> list[str]:
    """``a{b,c}d`` -> ``abd``, ``acd`` (the first brace group, then the rest recursively)."""
    start = pattern.find("{")
    if start < 0:
        return [pattern]
    depth, end, commas = 0, -1, []
    for index in range(start, len(pattern)):
        char = pattern[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                end = index
                break
        elif char == "," and depth == 1:
            commas.append(index)
    if end < 0:
        return [pattern]  # an unmatched brace is an ordinary character
    cuts = [start, *commas, end]
    head, tail = pattern[:start], pattern[end + 1 :]
    expanded: list[str] = []
    for left, right in itertools.pairwise(cuts):
        for rest in _braces_expanded(pattern[left + 1 : right] + tail):
            expanded.append(head + rest)
        if len(expanded) > MAX_FILES:
            break
    return expanded
