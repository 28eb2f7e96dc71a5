"""``configfile lock`` and ``configfile verify [--fix]`` as a maintainer runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

YML = "IM/ejabberd/23.01/ejabberd.yml"

CONFIG = "".join(
    [
        "hosts:\n",  # 1
        "  - example.org\n",  # 2
        "listen:\n",  # 3
        "  - port: 5222\n",  # 4
        "    module: ejabberd_c2s\n",  # 5
        "    starttls_required: true\n",  # 6
        "  - port: 5269\n",  # 7
        "    module: ejabberd_s2s_in\n",  # 8
        "s2s_use_starttls: required\n",  # 9
        "loglevel: info\n",  # 10
    ]
)

# Prose with a trailing space and a non-ASCII letter: --fix must keep both.
PAGE = """\
Guide
=====

.. configfile-section:: IM

ejabberd
--------

Clients must use TLS — always.\x20

.. configfile:: 23.01/ejabberd.yml
   :lines: 4-6
   :caption: Client TLS

Servers too.

.. configfile:: 23.01/ejabberd.yml
   :lines: 9
"""


def _shift(guide: Path, inserted: str) -> None:
    config = guide / "configs" / YML
    config.write_text(inserted + config.read_text(encoding="utf-8"), encoding="utf-8")


def _lock(guide: Path) -> dict:
    return json.loads((guide / "source/configfiles.lock").read_text(encoding="utf-8"))


def test_verify_without_lock_says_to_run_lock(make_project, run_configfile):
    guide = make_project(PAGE, {YML: CONFIG})
    result = run_configfile("verify", cwd=guide)
    assert result.returncode == 1
    assert "run `configfile lock`" in result.stderr
    assert "Traceback" not in result.stderr


def test_lock_records_ranges_fingerprints_and_text_in_stable_order(make_project, run_configfile):
    guide = make_project(PAGE, {YML: CONFIG})
    result = run_configfile("lock", cwd=guide)
    assert result.returncode == 0, result.stdout + result.stderr
    lock = _lock(guide)
    keys = sorted(lock["quotes"])
    assert keys == [f"index::{YML}::#1", f"index::{YML}::#2"]
    first = lock["quotes"][keys[0]]
    assert first["ranges"] == "4-6"
    assert first["excerpts"][0]["lines"] == [
        "  - port: 5222",
        "    module: ejabberd_c2s",
        "    starttls_required: true",
    ]
    assert len(first["excerpts"][0]["sha256"]) == 64
    text = (guide / "source/configfiles.lock").read_text(encoding="utf-8")
    assert text == json.dumps(lock, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert run_configfile("verify", cwd=guide).returncode == 0


def test_editing_prose_above_a_quote_keeps_its_lock_key(make_project, run_configfile):
    guide = make_project(PAGE, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    page = guide / "source/index.rst"
    page.write_text(page.read_text().replace("Servers too.", "Servers too.\n\nMore words."))
    result = run_configfile("verify", cwd=guide)
    assert result.returncode == 0, result.stdout


def test_shifted_config_is_relocated_and_fixed_byte_for_byte(make_project, run_configfile):
    guide = make_project(PAGE, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    page_before = (guide / "source/index.rst").read_bytes()
    _shift(guide, "# managed by hand\n# see the guide\n")

    result = run_configfile("verify", cwd=guide)
    assert result.returncode == 1
    assert "index.rst:11:" in result.stdout  # the first directive's line
    assert "moved to lines 6-8" in result.stdout
    # A unified diff of the locked text against what lines 4-6 show now.
    assert "\n-    starttls_required: true\n" in result.stdout
    assert "\n+  - example.org\n" in result.stdout
    assert "index.rst:17:" in result.stdout and "moved to lines 11" in result.stdout

    fixed = run_configfile("verify", "--fix", cwd=guide)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    expected = page_before.replace(b":lines: 4-6", b":lines: 6-8").replace(
        b":lines: 9\n", b":lines: 11\n"
    )
    assert (guide / "source/index.rst").read_bytes() == expected
    lock = _lock(guide)
    assert lock["quotes"][f"index::{YML}::#1"]["ranges"] == "6-8"
    assert lock["quotes"][f"index::{YML}::#2"]["ranges"] == "11"

    again = run_configfile("verify", "--fix", cwd=guide)
    assert again.returncode == 0
    assert (guide / "source/index.rst").read_bytes() == expected


def test_fix_keeps_file_mode(make_project, run_configfile):
    guide = make_project(PAGE, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    page = guide / "source/index.rst"
    page.chmod(0o640)
    _shift(guide, "# one more line\n")
    assert run_configfile("verify", "--fix", cwd=guide).returncode == 0
    assert page.stat().st_mode & 0o777 == 0o640
    assert not [p for p in page.parent.iterdir() if p.name.endswith(".tmp")]


def test_fix_with_a_read_only_lock_changes_no_page(make_project, run_configfile):
    guide = make_project(PAGE, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    page, lock = guide / "source/index.rst", guide / "source/configfiles.lock"
    before = page.read_bytes()
    lock.chmod(0o444)
    _shift(guide, "# one more line\n")
    result = run_configfile("verify", "--fix", cwd=guide)
    assert result.returncode == 2
    assert f"{lock}: file is read-only (mode 0444)" in result.stderr
    assert page.read_bytes() == before
    lock.chmod(0o644)
    assert run_configfile("verify", "--fix", cwd=guide).returncode == 0
    assert run_configfile("verify", cwd=guide).returncode == 0


def test_lock_keeps_the_approved_text_of_a_quote_it_cannot_make(make_project, run_configfile):
    guide = make_project(PAGE, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    approved = _lock(guide)["quotes"]
    config = guide / "configs" / YML
    config.rename(guide / "away.yml")
    result = run_configfile("lock", cwd=guide)
    assert result.returncode == 1
    assert "kept the 2 earlier entries the quotes made now do not have" in result.stdout
    assert _lock(guide)["quotes"] == approved
    (guide / "away.yml").rename(config)
    _shift(guide, "# one more line\n")
    config.write_text(config.read_text().replace("starttls_required", "starttls"))
    result = run_configfile("verify", cwd=guide)
    assert "differs from the lock" in result.stdout and "-    starttls_required" in result.stdout
    assert "not locked" not in result.stdout


def test_ambiguous_relocation_is_reported_and_nothing_is_rewritten(make_project, run_configfile):
    guide = make_project(PAGE, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    page_before = (guide / "source/index.rst").read_bytes()
    # Line 9's text now occurs twice: at the top and, shifted, at line 10.
    _shift(guide, "s2s_use_starttls: required\n")
    result = run_configfile("verify", "--fix", cwd=guide)
    assert result.returncode == 1
    assert "index.rst:17:" in result.stdout
    assert "ambiguous" in result.stdout and "lines 1, 10" in result.stdout
    # The unambiguous quote was still fixed; the ambiguous one was left alone.
    expected = page_before.replace(b":lines: 4-6", b":lines: 5-7")
    assert (guide / "source/index.rst").read_bytes() == expected


def test_changed_text_cannot_be_relocated(make_project, run_configfile):
    guide = make_project(PAGE, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    config = guide / "configs" / YML
    config.write_text(config.read_text().replace("required\n", "optional\n"))
    result = run_configfile("verify", "--fix", cwd=guide)
    assert result.returncode == 1
    assert "is gone" in result.stdout
    assert "-s2s_use_starttls: required" in result.stdout
    assert "+s2s_use_starttls: optional" in result.stdout


def test_unlocked_and_stale_quotes_are_reported(make_project, run_configfile):
    guide = make_project(PAGE, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    page = guide / "source/index.rst"
    text = page.read_text()
    page.write_text(
        text + "\n.. configfile:: 23.01/ejabberd.yml\n   :lines: 1-2\n   :name: hosts\n"
    )
    result = run_configfile("verify", cwd=guide)
    assert result.returncode == 1
    assert "index.rst:20:" in result.stdout and "is not locked" in result.stdout

    page.write_text(text.split("Servers too.")[0])
    result = run_configfile("verify", cwd=guide)
    assert result.returncode == 1
    assert f"locked quote index::{YML}::#2 is no longer in the guide" in result.stdout


def _warned_at(stderr: str, location: str, message: str) -> bool:
    """Sphinx 7.2 prints the first -W warning as 'file:LINE:message', later ones add WARNING:."""
    return (
        re.search(rf"{re.escape(location)}: ?(WARNING: )?{re.escape(message)}", stderr) is not None
    )


def test_sphinx_build_warns_at_the_directive_when_a_quote_drifted(
    make_project, build_project, run_configfile
):
    guide = make_project(PAGE, {YML: CONFIG})
    # No lock: the build says nothing.
    assert build_project(guide, "-W", out="build/html").returncode == 0
    assert run_configfile("lock", cwd=guide).returncode == 0
    assert build_project(guide, "-W", out="build/html").returncode == 0
    _shift(guide, "# new first line\n")
    result = build_project(guide, "-W", out="build/html")
    assert result.returncode != 0
    assert _warned_at(result.stderr, "index.rst:11", "quote of IM/ejabberd/23.01/ejabberd.yml")
    assert "moved to lines 5-7" in result.stderr

    assert run_configfile("verify", "--fix", cwd=guide).returncode == 0
    page = guide / "source/index.rst"
    page.write_text(page.read_text() + "\n.. configfile:: 23.01/ejabberd.yml\n   :lines: 2\n")
    result = build_project(guide, "-W", out="build/html")
    assert result.returncode != 0
    assert _warned_at(
        result.stderr, "index.rst:20", "quote of IM/ejabberd/23.01/ejabberd.yml (lines 2)"
    )
    assert "is not locked (run `configfile lock`)" in result.stderr


def test_legacy_quote_ranges_are_fixed_in_the_macro(make_project, run_configfile):
    page = (
        ".. role:: raw-latex(raw)\n   :format: latex\n\nGuide\n=====\n\n"
        ":raw-latex:`\\gdef\\currentsectionname{IM}`\n\nejabberd\n--------\n\n"
        "Like this:\n:raw-latex:`\\configfile{23.01/ejabberd.yml}{4-6,9-9}{Client TLS}`\n"
    )
    guide = make_project(page, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    assert _lock(guide)["quotes"][f"index::{YML}::#1"]["origin"] == "legacy"
    _shift(guide, "# new first line\n")
    result = run_configfile("verify", "--fix", cwd=guide)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (guide / "source/index.rst").read_bytes() == page.replace(
        "{4-6,9-9}", "{5-7,10-10}"
    ).encode()


def test_broken_lock_is_bad_input_with_its_line(make_project, run_configfile):
    guide = make_project(PAGE, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    lock = guide / "source/configfiles.lock"
    lines = lock.read_text().splitlines(keepends=True)
    lines[2] = lines[2].rstrip() + " oops\n"
    lock.write_text("".join(lines))
    for command in ("verify", "check"):
        result = run_configfile(command, cwd=guide)
        assert result.returncode == 2, command
        assert "configfiles.lock:3: not valid JSON" in result.stderr, command
        assert "Traceback" not in result.stderr


def test_legacy_quotes_in_a_raw_block_with_options_are_fixed_in_place(make_project, run_configfile):
    page = (
        "Guide\n=====\n\nejabberd\n--------\n\n.. raw:: latex\n\n"
        "   \\gdef\\currentsectionname{IM}\n"
        "   \\configfile[language=yaml,frame=single]{23.01/ejabberd.yml}{1-2}{First}\n"
        "   \\newpage\n"
        "   \\configfile[label=second]{23.01/ejabberd.yml}%\n     {4-6,9-9}%\n     {Second}\n"
    )
    guide = make_project(page, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    _shift(guide, "# new first line\n")
    result = run_configfile("verify", "--fix", cwd=guide)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (guide / "source/index.rst").read_text() == page.replace("{1-2}", "{2-3}").replace(
        "{4-6,9-9}", "{5-7,10-10}"
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda excerpt: excerpt.update(range=5), 'range 5 is not a string such as "104-107"'),
        (lambda excerpt: excerpt.update(range="3-1"), "range 3-1 is reversed"),
        (lambda excerpt: excerpt.pop("sha256"), "'sha256'"),
        (lambda excerpt: excerpt.update(lines=7), "'int' object is not iterable"),
    ],
)
def test_hand_edited_lock_entries_are_bad_input_named_by_key(
    make_project, run_configfile, edit, message
):
    guide = make_project(PAGE, {YML: CONFIG})
    assert run_configfile("lock", cwd=guide).returncode == 0
    lock = guide / "source/configfiles.lock"
    data = json.loads(lock.read_text())
    key = sorted(data["quotes"])[0]
    edit(data["quotes"][key]["excerpts"][0])
    lock.write_text(json.dumps(data))
    for command in ("verify", "check"):
        result = run_configfile(command, cwd=guide)
        assert result.returncode == 2, command
        assert f"entry {key!r} is malformed ({message}" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
