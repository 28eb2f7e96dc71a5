"""kill -9 in the middle of ``configfile migrate`` and ``verify --fix``: every file is
entirely old or entirely new, and no temp file is left in the source tree.

The kill comes from ``support.kill_at`` (point ``<n>:<step>``), installed
before the CLI starts: the process SIGKILLs itself during its n-th file
write, right after creating the temp file, after some bytes (offsets drawn
from a fixed seed), once the bytes are on disk, or just after the rename.
Every write of each command is hit at every step.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support.kill_at import cli_command
from test_lock_verify import CONFIG, PAGE, YML, _shift

SEED_PAGE = Path(__file__).resolve().parent.parent / "roots" / "test-legacy-seed" / "index.rst"
PAGES = ("one.rst", "two.rst", "three.rst")
_OFFSETS = random.Random(20261129)


def kill_points(writes: int, count: int) -> list[str]:
    """``count`` points, every step and every write among them, the rest drawn by the seed."""
    steps = ["created", "written", "synced", "replaced"]
    points = [(1 + i % writes, steps[i % len(steps)]) for i in range(max(writes, len(steps)))]
    points += [(_OFFSETS.randint(1, writes), _OFFSETS.choice(steps)) for _ in range(count)]
    spelled = [
        f"{n}:{step}:{_OFFSETS.randrange(1, 400)}" if step == "written" else f"{n}:{step}"
        for n, step in points[:count]
    ]
    return sorted(set(spelled))


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "_build" not in path.parts and "__pycache__" not in path.parts
    }


def run_killed(args: tuple[str, ...], cwd: Path, kill_at: str) -> subprocess.CompletedProcess[str]:
    """``configfile *args`` in ``cwd``, killed at ``kill_at``."""
    return subprocess.run(
        [*cli_command("configfile", kill_at), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def assert_each_file_old_or_new(
    after: dict[str, bytes], before: dict[str, bytes], done: dict[str, bytes]
) -> None:
    assert set(after) == set(before), f"files left behind: {set(after) - set(before)}"
    for name, data in after.items():
        assert data in (before[name], done[name]), f"{name} is neither old nor new"


def write_pages(root: Path) -> Path:
    root.mkdir()
    seed = SEED_PAGE.read_bytes()
    for number, name in enumerate(PAGES):
        # Each page different, so a file can only match its own old or new bytes.
        (root / name).write_bytes(seed.replace(b"Instant Messaging", b"IM %d" % number, 1))
    return root


@pytest.fixture(scope="module")
def migrated_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The pages after an uninterrupted migrate (run once for the module)."""
    clean = write_pages(tmp_path_factory.mktemp("migrate") / "clean")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "configfile"), "migrate", *PAGES],
        cwd=clean,
        capture_output=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return snapshot(clean)


@pytest.mark.parametrize("kill_at", kill_points(len(PAGES), 5))
def test_killed_migrate_leaves_each_page_old_or_new(
    migrated_pages: dict[str, bytes], tmp_path: Path, kill_at: str
) -> None:
    pages = write_pages(tmp_path / "pages")
    before, done = snapshot(pages), migrated_pages
    assert all(before[name] != done[name] for name in PAGES)

    result = run_killed(("migrate", *PAGES), pages, kill_at)
    assert result.returncode == -signal.SIGKILL, result.stderr
    after = snapshot(pages)
    assert_each_file_old_or_new(after, before, done)
    changed = [name for name in PAGES if after[name] == done[name]]
    n, step = int(kill_at.split(":")[0]), kill_at.split(":")[1]
    # The writes before the killed one are complete; the killed one only after its rename.
    assert len(changed) == n - (0 if step == "replaced" else 1)


@pytest.mark.parametrize("kill_at", kill_points(2, 4))  # the page, then the lock
def test_killed_verify_fix_leaves_page_and_lock_old_or_new(
    make_project, tmp_path: Path, run_configfile, kill_at: str
) -> None:
    guide = make_project(PAGE, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    _shift(guide, "# moved down\n")
    clean = tmp_path.parent / f"{tmp_path.name}-clean"
    shutil.copytree(guide, clean)
    assert run_configfile("verify", "--fix", cwd=clean).returncode == 0
    before, done = snapshot(guide), snapshot(clean)
    assert before["source/index.rst"] != done["source/index.rst"]
    assert before["source/configfiles.lock"] != done["source/configfiles.lock"]

    result = run_killed(("verify", "--fix"), guide, kill_at)
    assert result.returncode == -signal.SIGKILL, result.stdout + result.stderr
    assert_each_file_old_or_new(snapshot(guide), before, done)
