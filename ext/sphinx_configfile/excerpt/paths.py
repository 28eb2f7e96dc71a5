"""Where a quoted config lives: ``<root>/<section>/<subsection>/<argument>``.

This follows the guide's original LaTeX macro, which built the path from
``\\currentsectionname`` and the title of the current subsection. Nothing
outside the configs root may be quoted: ``..``, absolute paths and symlinks
that lead out are refused.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path, PurePosixPath

from sphinx_configfile.errors import ConfigfileToolError
from sphinx_configfile.slots import Slot

# On the environment: configs_root() of the build, set at builder-inited.
CONFIGS_ROOT = Slot[Path]("configfile_root_path")


def configs_root(confdir: str | os.PathLike[str], setting: str) -> Path:
    """The configs root: ``configfile_root`` taken from conf.py's directory, symlinks resolved.

    The one place that turns the setting into a directory; the build, the
    manifest and the gate all call it.
    """
    return Path(os.path.realpath(Path(confdir) / setting))


class ConfigPathError(ConfigfileToolError, ValueError):
    """A config argument that does not name a readable file inside the configs root."""


def _candidate(root: Path, section: str | None, subsection: str | None, argument: str) -> Path:
    argument_path = PurePosixPath(argument)
    if argument_path.is_absolute():
        # A leading "/" means "from the configs root", like "/" in Sphinx's
        # include paths means "from the source dir"; never the system root.
        return root.joinpath(*argument_path.parts[1:])
    base = root
    for part in (section, subsection):
        if part:
            base = base.joinpath(*PurePosixPath(part).parts)
    return base.joinpath(*argument_path.parts)


def candidate_path(root: Path, section: str | None, subsection: str | None, argument: str) -> Path:
    """The path ``argument`` names, normalised but not resolved; it need not exist.

    The build notes it as a dependency before resolving, as ``literalinclude``
    does: a page quoting a missing config is then read again on every build
    (and keeps warning) until the file is back. Raises :class:`ConfigPathError`
    for a name no file system can hold, before it could become a dependency.
    """
    if "\0" in argument:
        raise ConfigPathError(f"{argument!r}: a NUL character cannot be part of a file name")
    return _normalised_candidate(os.fspath(root), section, subsection, argument)


@lru_cache(maxsize=4096)
def _normalised_candidate(
    root: str, section: str | None, subsection: str | None, argument: str
) -> Path:
    return Path(os.path.normpath(_candidate(Path(root), section, subsection, argument.strip())))


def resolve_config_path(
    root: Path,
    section: str | None,
    subsection: str | None,
    argument: str,
    memo: dict[tuple[str, str | None, str | None, str], Path] | None = None,
) -> Path:
    """The absolute, symlink-free path of the config ``argument`` names.

    Raises :class:`ConfigPathError` when the path is empty, leaves ``root``
    (lexically or through a symlink) or is not an existing file; the message
    names the path that was tried. Successful answers are kept in ``memo``
    (a guide quotes the same file many times; realpath is costly); the build
    passes one that lives for the build only, since a file replaced by a
    symlink leading out must be refused by the next build.
    """
    key = (os.fspath(root), section, subsection, argument)
    if memo is not None and key in memo:
        return memo[key]
    resolved = _resolve(*key)
    if memo is not None:
        memo[key] = resolved
    return resolved


def _resolve(root: str, section: str | None, subsection: str | None, argument: str) -> Path:
    if not argument.strip():
        raise ConfigPathError("no config file given (name a file under the configs root)")
    real_root = Path(os.path.realpath(root))
    lexical = candidate_path(real_root, section, subsection, argument)
    if not lexical.is_relative_to(real_root):
        raise ConfigPathError(
            f"{argument!r} leads outside the configs root {real_root} (tried {lexical})"
        )
    resolved = Path(os.path.realpath(lexical))
    if not resolved.is_relative_to(real_root):
        raise ConfigPathError(
            f"{argument!r} is a symlink to {resolved}, outside the configs root {real_root}"
        )
    if resolved.is_dir():
        raise ConfigPathError(f"{lexical} is a directory; name a config file in it")
    if not resolved.is_file():
        if not real_root.is_dir():
            # The default "../configs" fits this guide's layout, not a
            # quickstart's docs/source: say which setting to change.
            raise ConfigPathError(
                f"config file not found: {lexical} (configfile_root in conf.py resolves to "
                f"{real_root}, which is not a directory; set it relative to conf.py's directory)"
            )
        if section is None and not argument.strip().startswith("/"):
            # The state is per page: a page that forgot its section (the
            # LaTeX \gdef carried over from the last chapter) lands here.
            raise ConfigPathError(
                f"config file not found: {lexical} (no configfile-section precedes this "
                "quote on its page; add one, or start the path with / for the configs root, "
                f"configfile_root = {real_root})"
            )
        raise ConfigPathError(
            f"config file not found: {lexical} (check the name and the configfile-section; "
            f"configfile_root = {real_root})"
        )
    return resolved


def relative_to_root(root: Path, path: Path) -> str:
    """``path`` relative to the configs root, with ``/`` separators."""
    return _relative(os.fspath(root), path)


@lru_cache(maxsize=4096)
def _relative(root: str, path: Path) -> str:
    return path.relative_to(os.path.realpath(root)).as_posix()
