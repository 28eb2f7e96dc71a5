"""main.cf and the master.cf beside it: the two files a Postfix config is.

Postfix reads both from its config_directory (/etc/postfix): main.cf for
the parameters, master.cf for the services (ports) that run with them
(master(5)); main.cf has no include directive, and master.cf is not
optional: without it no smtpd runs, so the ports it would declare are
unseen and nothing can pass. A master.cf is looked for beside the main.cf
being checked, as the server looks for it beside its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hardening_guide_tools.config_text import split_lines

from tls_manifesto.model import ReadIssue
from tls_manifesto.reading.config_files import UNSEEN, FileSet
from tls_manifesto.servers.postfix.main_cf import MainCf, parse_main_cf
from tls_manifesto.servers.postfix.master_cf import MasterCf, parse_master_cf

MASTER_CF = "master.cf"


@dataclass(frozen=True)
class PostfixFiles:
    main: MainCf
    master: MasterCf | None  # None: no master.cf beside main.cf
    files: dict[str, tuple[str, ...]]  # main.cf first, then master.cf
    issues: tuple[ReadIssue, ...]


def read_postfix_files(path: str, text: str) -> PostfixFiles:
    files = FileSet(path)
    files.lines[path] = split_lines(text)
    main = parse_main_cf(files.lines[path], path)
    master_path = str(Path(path).parent / MASTER_CF)
    master = None
    if Path(master_path).is_file():
        files.read(master_path)
        master = parse_master_cf(files.lines[master_path], master_path)
    else:
        files.block(
            path,
            1,
            f"no {MASTER_CF} beside this main.cf: the services (ports) Postfix runs are"
            f" declared there, so {UNSEEN} (put the server's master.cf beside it)",
        )
        files.issues[-1] = ReadIssue(
            files.issues[-1].evidence,
            files.issues[-1].message,
            blocks_pass=True,
            absent=(master_path,),
        )
    for file_path, orphans in ((path, main.orphan_lines),
                               (master_path, master.orphan_lines if master else ())):  # fmt: skip
        for line in orphans:
            files.warn(
                file_path,
                line,
                "a continuation line (it starts with a blank) with no line before it to"
                " continue; Postfix skips it",
            )
    return PostfixFiles(main, master, files.lines, tuple(files.issues))
