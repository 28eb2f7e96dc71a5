"""ircd.conf and the files it includes -> one ``IrcdConf``.

Charybdis 4.1.2 ircd/ircd_lexer.l cinclude(): ``.include "file"`` (or
``<file>``) opens the name as given, from the install prefix the server runs
in, else from its etc directory; the lexer then reads the included file's
blocks in place of the include. A file found in neither place is reported
and skipped by the server, so its content is unseen: every verdict that
could rest on it fails. The prefix is the parent of the config's ``etc``
directory when the config sits in one (see ``tls_manifesto.tls.dh_files``), else
the config's own directory.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from hardening_guide_tools.config_text import split_lines

from tls_manifesto.model import ReadIssue
from tls_manifesto.parsers.ircd_conf import IrcdConf, parse_ircd_conf
from tls_manifesto.reading.config_files import UNSEEN, FileSet, refuse_cycle


@dataclass(frozen=True)
class IrcdFiles:
    conf: IrcdConf
    files: dict[str, tuple[str, ...]]  # main file first, then includes in reading order
    issues: tuple[ReadIssue, ...]


def read_ircd_files(path: str, text: str) -> IrcdFiles:
    files = FileSet(path)
    files.lines[path] = split_lines(text)
    conf = _read(files, path, parse_ircd_conf(text, path), [path])
    return IrcdFiles(conf, files.lines, tuple(files.issues))


def _read(files: FileSet, path: str, conf: IrcdConf, chain: list[str]) -> IrcdConf:
    for line, name in conf.includes:
        candidates = _candidates(files.main, name)
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            files.block(
                path,
                line,
                f".include {name} not found (in the prefix or etc directory): {UNSEEN} "
                "(put a copy beside the config)",
            )
            continue
        target = str(found)
        refuse_cycle(chain, target, path, line)
        text = files.read(target)
        included = _read(files, target, parse_ircd_conf(text, target), [*chain, target])
        conf = _spliced(conf, included, path, line)
    return conf


def _candidates(main: str, name: str) -> list[Path]:
    config_dir = Path(main).parent
    wanted = Path(name)
    if wanted.is_absolute():
        return [wanted, config_dir / wanted.name]
    prefix = config_dir.parent if config_dir.name == "etc" else config_dir
    found = [prefix / wanted, config_dir / wanted]
    return list(dict.fromkeys(found))


def _spliced(conf: IrcdConf, included: IrcdConf, path: str, line: int) -> IrcdConf:
    """``included``'s blocks where the include at ``line`` of ``path`` stands."""
    blocks = list(conf.blocks)
    at = next(
        (i for i, b in enumerate(blocks) if b.path == path and b.line > line),
        len(blocks),
    )
    blocks[at:at] = included.blocks
    return dataclasses.replace(conf, blocks=tuple(blocks), modules=conf.modules + included.modules)
