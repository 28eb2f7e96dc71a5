"""Replace a file so that readers (and a crash) see the old bytes or the new, never part.

One helper for every file the tools write: pages and the lock rewritten by
``configfile``, the build manifest and config copies, ``manifesto`` reports.
It lives in ``hardening_guide_tools``, the distribution's own package,
because both ``sphinx_configfile`` and ``tls_manifesto`` write files and
neither should import the other's internals for it (a copy per package is
the duplication this module replaces).

How: the new bytes go to a file in the target's directory, are flushed to
disk (so a power loss cannot leave the new name on empty blocks), and
``os.replace`` swaps it in: a rename within one file system, atomic on
POSIX. On Linux that file is first opened with ``O_TMPFILE``, which has no
name until it is complete: a process killed while writing leaves nothing
behind in the user's tree. It gets a name (``.<name>.<random>.tmp``) only
for the two system calls between ``linkat`` and the rename. Where
``O_TMPFILE`` is unsupported the file is named from the start; then a
``kill -9`` while writing leaves that hidden temp file, never a damaged
target. On any exception before the rename the temp file is removed and
the target is untouched.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

TEMP_SUFFIX = ".tmp"
# New files get 0o666 less the umask (the kernel applies it), as
# ``open(path, "w")`` would; a replaced file keeps its own mode.
NEW_FILE_MODE = 0o666
# The errors with which a kernel or file system says "no O_TMPFILE here".
_NO_TMPFILE = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT}


def write_atomically(
    path: Path, data: bytes | str, *, encoding: str = "utf-8", make_parents: bool = False
) -> None:
    """Replace (or create) ``path`` with ``data``, all or nothing.

    A ``str`` is encoded with ``encoding``. Keeps the mode of a file it
    replaces; a symlink stays and the file it points to gets the bytes.
    Raises ``OSError`` when it cannot write; the target is then unchanged
    and no temp file remains.
    """
    payload = data.encode(encoding) if isinstance(data, str) else data
    # A symlink (a lock or page linked from elsewhere) is written through:
    # renaming onto the link itself would replace it with a plain copy and
    # leave the file it points to unchanged. A dangling link fails to write.
    path = Path(os.path.realpath(path))
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp = _open_temp(path)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            _keep_mode_of(path, handle.fileno())
            handle.flush()
            # Durability across power loss; no test can observe it short of pulling the plug.
            os.fsync(handle.fileno())
            if temp is None:
                temp = _link_beside(path, handle.fileno())
        os.replace(temp, path)
    except BaseException:
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise


def already_holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a file holding exactly ``data``: then writing it again can be skipped."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _open_temp(path: Path) -> tuple[int, Path | None]:
    """An unnamed file in ``path``'s directory (``O_TMPFILE``), else a new hidden named one."""
    tmpfile_flag = getattr(os, "O_TMPFILE", 0)
    if tmpfile_flag:
        try:
            return os.open(path.parent, tmpfile_flag | os.O_WRONLY, NEW_FILE_MODE), None
        except OSError as error:
            if error.errno not in _NO_TMPFILE:
                raise
    while True:
        temp = _temp_name(path)
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE), temp
        except FileExistsError:
            continue


def _link_beside(path: Path, descriptor: int) -> Path:
    """Give the finished unnamed file a hidden name beside ``path``, for the rename.

    ``os.link`` with ``follow_symlinks`` and no directory descriptor calls
    link(2), which would link the /proc symlink itself; passing
    ``src_dir_fd`` makes it call linkat(2) with AT_SYMLINK_FOLLOW, the
    documented way to name an ``O_TMPFILE`` file without privileges
    (open(2), "O_TMPFILE").
    """
    directory = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        while True:
            temp = _temp_name(path)
            try:
                os.link(
                    f"/proc/self/fd/{descriptor}", temp, src_dir_fd=directory, follow_symlinks=True
                )
                return temp
            except FileExistsError:
                continue
    finally:
        os.close(directory)


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def _keep_mode_of(path: Path, descriptor: int) -> None:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    os.fchmod(descriptor, mode)
