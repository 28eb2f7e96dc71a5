"""Make a test process SIGKILL itself inside its n-th atomic write, as ``kill -9`` would.

The product has no hook for this: ``install`` wraps
``hardening_guide_tools.atomic_file.write_atomically`` and, during the
chosen write only, the ``os`` calls it makes. The point is ``<n>:<step>``:
during the n-th atomic write of the process (from 1), at ``step``, one of
``created`` (temp file open, empty), ``written:<bytes>`` (after that many
bytes), ``synced`` (all bytes on disk, before the rename) or ``replaced``
(right after the rename).

A CLI under test runs through ``cli_command``: ``python -c`` installs the
point, then calls the CLI's entry point, so nothing in the product reads it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

STEPS = ("created", "written", "synced", "replaced")
TESTS = Path(__file__).resolve().parents[1]

_CLI_WRAPPER = """
import sys
sys.path.insert(0, {tests!r})
from support.kill_at import install
install(sys.argv.pop(1))
sys.argv[0] = {name!r}
from {module} import main
sys.exit(main())
"""
ENTRY_POINTS = {
    "configfile": "sphinx_configfile.cli.main",
    "manifesto": "tls_manifesto.cli.main",
}


def cli_command(name: str, kill_at: str) -> list[str]:
    """argv that runs the ``name`` CLI (arguments to follow) killed at ``kill_at``."""
    code = _CLI_WRAPPER.format(tests=str(TESTS), name=name, module=ENTRY_POINTS[name])
    return [sys.executable, "-c", code, kill_at]


def parse(point: str) -> tuple[int, str, int]:
    nth, _, step = point.partition(":")
    name, _, count = step.partition(":")
    if not nth.isdigit() or name not in STEPS or not (count or "0").isdigit():
        raise ValueError(f"kill point {point!r}: expected <n>:<step>, step one of {STEPS}")
    return int(nth), name, int(count or 0)


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class _DyingFile:
    """The temp file's handle: the first write stops after ``after`` bytes, then dies."""

    def __init__(self, handle: Any, after: int) -> None:
        self._handle, self._after = handle, after

    def write(self, data: bytes) -> int:
        self._handle.write(data[: self._after])
        self._handle.flush()
        _die()
        return 0  # pragma: no cover - the process is gone

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _DyingFile:
        return self

    def __exit__(self, *exc: object) -> Any:
        return self._handle.__exit__(*exc)


@contextlib.contextmanager
def _dying_at(step: str, count: int) -> Iterator[None]:
    real_fdopen, real_fsync = os.fdopen, os.fsync

    def fdopen(*args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(*args, **kwargs)
        if step == "created":
            _die()
        return _DyingFile(handle, count) if step == "written" else handle

    def fsync(descriptor: int) -> None:
        real_fsync(descriptor)
        if step == "synced":
            _die()

    os.fdopen, os.fsync = fdopen, fsync  # type: ignore[assignment]
    try:
        yield
    finally:
        os.fdopen, os.fsync = real_fdopen, real_fsync  # type: ignore[assignment]


def install(point: str) -> None:
    """From now on, this process dies at ``point`` (see the module's docstring)."""
    nth, step, count = parse(point)
    from hardening_guide_tools import atomic_file

    real_write = atomic_file.write_atomically
    writes = 0

    def write_atomically(*args: Any, **kwargs: Any) -> None:
        nonlocal writes
        writes += 1
        if writes != nth:
            return real_write(*args, **kwargs)
        with _dying_at(step, count):
            real_write(*args, **kwargs)
        if step == "replaced":
            _die()

    atomic_file.write_atomically = write_atomically  # type: ignore[assignment]
