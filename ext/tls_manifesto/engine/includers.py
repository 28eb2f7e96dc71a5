"""Which config reads a file as part of itself: a master.cf, a conf.d piece, a site file.

A file another config includes is never judged on its own, where it lacks
what the main file sets (``manifesto check`` says "included by ..."). A
caller holding one such file (the agreement gate, for a quoted
``conf.d/10-ssl.conf``) asks here for the config to judge instead. The
server families resolve includes relative to the main file's directory, so
the includer is looked for there and in the directories just above.
"""

from __future__ import annotations

from pathlib import Path

from tls_manifesto.engine.file_roles import file_role
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigError

# A site in sites-available/ or a piece in conf.d/ is one level below its main file;
# two leave room for a layout such as conf/conf.d/.
LEVELS_ABOVE = 2


def including_config(path: Path) -> Path | None:
    """The config that reads ``path`` as one of its sources, or None when none near does."""
    target = path.resolve()
    directory = target.parent
    for _ in range(LEVELS_ABOVE + 1):
        for candidate in sorted(p for p in directory.iterdir() if p.is_file()):
            if candidate.resolve() != target and _includes(candidate, target):
                return candidate
        if directory.parent == directory:
            break
        directory = directory.parent
    return None


def _includes(candidate: Path, target: Path) -> bool:
    if file_role(candidate).kind is None:
        return False
    try:
        config = load_config(candidate)
    except ConfigError:
        return False  # a config that cannot be read includes nothing we can see
    return any(Path(source).resolve() == target for source in config.sources[1:])
