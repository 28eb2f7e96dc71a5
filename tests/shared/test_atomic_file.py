"""The one atomic-write helper: old bytes or new, never part, and nothing left behind.

Failures are real ones: a file-size limit (RLIMIT_FSIZE) makes the write
fail with EFBIG, a directory in the way makes the rename fail, and
``support.kill_at`` makes the process SIGKILL itself mid-write.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hardening_guide_tools.atomic_file import write_atomically
from support.kill_at import TESTS, cli_command

OLD = b"old: 1\n" * 100
NEW = b"new: 2\n" * 1000

# Runs write_atomically in a child; argv: target, payload size, "named" to
# take the fallback without O_TMPFILE, an optional RLIMIT_FSIZE and an
# optional kill point (support.kill_at).
CHILD = """
import os, resource, signal, sys
from pathlib import Path
target, size, mode, kill_at = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[5]
limit = int(sys.argv[4])
if mode == "named" and hasattr(os, "O_TMPFILE"):
    del os.O_TMPFILE
if limit:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
if kill_at:
    sys.path.insert(0, sys.argv[6])
    from support.kill_at import install
    install(kill_at)
from hardening_guide_tools import atomic_file
write_atomically = atomic_file.write_atomically
try:
    write_atomically(Path(target), b"new: 2\\n" * (size // 7))
except OSError as error:
    print(f"OSError {error.errno}")
    sys.exit(3)
"""


def run_child(
    target: Path, *, mode: str = "unnamed", limit: int = 0, kill_at: str = ""
) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-c", CHILD, str(target), str(len(NEW)), mode, str(limit), kill_at]
    argv.append(str(TESTS))
    return subprocess.run(argv, capture_output=True, text=True, timeout=60)


def leftovers(directory: Path, target: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p != target)


def test_replaces_content_and_keeps_the_mode_of_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "page.rst"
    target.write_bytes(OLD)
    target.chmod(0o640)
    write_atomically(target, NEW)
    assert target.read_bytes() == NEW
    assert target.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path, target) == []


def test_new_file_gets_the_usual_mode_under_the_umask(tmp_path: Path) -> None:
    old_umask = os.umask(0o027)
    try:
        write_atomically(tmp_path / "report.json", "{}\n")
    finally:
        os.umask(old_umask)
    assert (tmp_path / "report.json").stat().st_mode & 0o777 == 0o640


def test_text_is_encoded_with_the_given_encoding(tmp_path: Path) -> None:
    target = tmp_path / "page.rst"
    write_atomically(target, "café\n", encoding="latin-1")
    assert target.read_bytes() == b"caf\xe9\n"


def test_make_parents_creates_missing_directories(tmp_path: Path) -> None:
    target = tmp_path / "out" / "_configfile" / "IM" / "ejabberd.yml"
    with pytest.raises(FileNotFoundError):
        write_atomically(target, NEW)
    write_atomically(target, NEW, make_parents=True)
    assert target.read_bytes() == NEW


@pytest.mark.parametrize("mode", ["unnamed", "named"])
def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temp(
    tmp_path: Path, mode: str
) -> None:
    target = tmp_path / "page.rst"
    target.write_bytes(OLD)
    result = run_child(target, mode=mode, limit=len(NEW) // 2)
    assert result.returncode == 3, result.stderr
    assert result.stdout.strip() == "OSError 27"  # EFBIG: the size limit hit mid-write
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path, target) == []


@pytest.mark.parametrize("mode", ["unnamed", "named"])
def test_a_failed_rename_removes_the_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    if mode == "named":
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    target = tmp_path / "page.rst"
    target.mkdir()
    (target / "inside").write_bytes(OLD)
    with pytest.raises(IsADirectoryError):
        write_atomically(target, NEW)
    assert (target / "inside").read_bytes() == OLD
    assert leftovers(tmp_path, target) == []


@pytest.mark.parametrize("step", ["created", "written:100", f"written:{len(NEW) - 1}", "synced"])
def test_killed_before_the_rename_the_file_is_entirely_old_and_nothing_remains(
    tmp_path: Path, step: str
) -> None:
    target = tmp_path / "page.rst"
    target.write_bytes(OLD)
    result = run_child(target, kill_at=f"1:{step}")
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path, target) == []


def test_killed_right_after_the_rename_the_file_is_entirely_new(tmp_path: Path) -> None:
    target = tmp_path / "page.rst"
    target.write_bytes(OLD)
    result = run_child(target, kill_at="1:replaced")
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert target.read_bytes() == NEW
    assert leftovers(tmp_path, target) == []


def test_without_o_tmpfile_a_kill_leaves_only_a_hidden_temp_beside_an_intact_file(
    tmp_path: Path,
) -> None:
    target = tmp_path / "page.rst"
    target.write_bytes(OLD)
    result = run_child(target, mode="named", kill_at="1:written:100")
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert target.read_bytes() == OLD
    [temp] = leftovers(tmp_path, target)
    assert temp.startswith(".page.rst.") and temp.endswith(".tmp")


def test_the_kill_point_counts_writes_within_the_process(tmp_path: Path) -> None:
    script = (
        f"import sys; sys.path.insert(0, {str(TESTS)!r})\n"
        "from support.kill_at import install\n"
        "install('2:synced')\n"
        "from pathlib import Path\n"
        "from hardening_guide_tools.atomic_file import write_atomically\n"
        f"write_atomically(Path({str(tmp_path / 'a')!r}), 'first')\n"
        f"write_atomically(Path({str(tmp_path / 'b')!r}), 'second')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert result.returncode == -signal.SIGKILL
    assert (tmp_path / "a").read_text() == "first"
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("step", ["created", "written:40", "synced", "replaced"])
def test_a_report_killed_while_written_is_entirely_old_or_entirely_new(
    tmp_path: Path, step: str
) -> None:
    # The checker's one output file, as the migrate and lock writes are in
    # tests/gate/test_killed_writes.py: kill -9 during the write leaves no part.
    report = tmp_path / "report.json"
    report.write_bytes(OLD)
    config = TESTS / "fixtures" / "rules" / "MF001" / "pass.yml"
    command = [*cli_command("manifesto", f"1:{step}"), "check", "--format", "json"]
    result = subprocess.run(
        [*command, "--output", str(report), str(config)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    if step == "replaced":
        assert json.loads(report.read_text(encoding="utf-8"))  # whole, and new
    else:
        assert report.read_bytes() == OLD
    assert leftovers(tmp_path, report) == []
