"""``configfile migrate``: raw-LaTeX quotes become directives, safely."""

from __future__ import annotations

import shutil
from pathlib import Path

SEED_PAGE = Path(__file__).resolve().parent.parent / "roots" / "test-legacy-seed" / "index.rst"


def _seed_copy(tmp_path: Path) -> Path:
    page = tmp_path / "im.rst"
    shutil.copyfile(SEED_PAGE, page)
    page.chmod(0o644)
    return page


def test_migrate_rewrites_the_seed_quotes_into_directives(tmp_path, run_configfile):
    page = _seed_copy(tmp_path)
    result = run_configfile("migrate", page.name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = page.read_text(encoding="utf-8")
    assert "\\configfile" not in text and "currentsectionname" not in text
    assert ".. configfile-section:: IM\n" in text
    assert (
        "connections.\n\n.. configfile:: 14.12/ejabberd.yml\n"
        "   :lines: 104-107,113-114,119,123,125,127,134-135,138,142,144-146,195,203,207,"
        "210-213,217\n   :caption: Specifying a cipher order and enforcing it\n\n"
    ) in text
    # The caption that was wrapped inside its braces is one line again.
    assert "   :lines: 108-109,111,120-126,172,179,184\n   :caption: TLS setup for ejabberd\n" in (
        text
    )
    # Everything outside the quotes is untouched.
    old_lines = SEED_PAGE.read_text(encoding="utf-8").splitlines()
    kept = [line for line in old_lines if ":raw-latex:`\\" not in line and "TLS setup" not in line]
    new_lines = text.splitlines()
    assert all(line in new_lines for line in kept)


def test_migrate_twice_is_migrate_once(tmp_path, run_configfile):
    page = _seed_copy(tmp_path)
    assert run_configfile("migrate", page.name, cwd=tmp_path).returncode == 0
    once = page.read_bytes()
    second = run_configfile("migrate", page.name, cwd=tmp_path)
    assert second.returncode == 0
    assert page.read_bytes() == once
    assert run_configfile("migrate", "--check", page.name, cwd=tmp_path).returncode == 0


def test_check_and_diff_write_nothing(tmp_path, run_configfile):
    page = _seed_copy(tmp_path)
    before = page.read_bytes()
    check = run_configfile("migrate", "--check", page.name, cwd=tmp_path)
    assert check.returncode == 1
    assert "would be migrated" in check.stdout
    diff = run_configfile("migrate", "--diff", page.name, cwd=tmp_path)
    assert diff.returncode == 0
    assert "-:raw-latex:`\\configfile{ircd.conf}" in diff.stdout
    assert "+.. configfile:: ircd.conf" in diff.stdout
    assert page.read_bytes() == before


def test_crlf_line_endings_survive(tmp_path, run_configfile):
    page = tmp_path / "crlf.rst"
    page.write_bytes(
        b"Title\r\n=====\r\n\r\nText:\r\n:raw-latex:`\\configfile{a.yml}{3-3}{Cap}`\r\nEnd.\r\n"
    )
    assert run_configfile("migrate", page.name, cwd=tmp_path).returncode == 0
    assert page.read_bytes() == (
        b"Title\r\n=====\r\n\r\nText:\r\n\r\n.. configfile:: a.yml\r\n   :lines: 3\r\n"
        b"   :caption: Cap\r\n\r\nEnd.\r\n"
    )


def test_unbalanced_braces_are_located_and_the_file_is_untouched(tmp_path, run_configfile):
    page = tmp_path / "bad.rst"
    content = (
        b"Title\n=====\n\n:raw-latex:`\\configfile{a.yml}{1-2}{fine}`\n\n"
        b":raw-latex:`\\configfile{a.yml}{1-2}{open {brace}`\n\n"
        b":raw-latex:`\\configfile{a.yml}{1-2}`\n"
    )
    page.write_bytes(content)
    result = run_configfile("migrate", page.name, cwd=tmp_path)
    assert result.returncode == 2
    assert "bad.rst:6: unbalanced braces" in result.stderr
    assert "bad.rst:8: \\configfile takes 3 arguments" in result.stderr
    assert "Traceback" not in result.stderr
    assert page.read_bytes() == content


def test_read_only_file_is_refused_even_for_root(tmp_path, run_configfile):
    page = _seed_copy(tmp_path)
    page.chmod(0o444)
    before = page.read_bytes()
    result = run_configfile("migrate", page.name, cwd=tmp_path)
    assert result.returncode == 2
    assert "im.rst: file is read-only (mode 0444)" in result.stderr
    assert page.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["im.rst"]  # no temp file left


def test_other_raw_latex_and_the_role_definition_stay(tmp_path, run_configfile):
    page = tmp_path / "other.rst"
    page.write_text(
        ".. role:: raw-latex(raw)\n   :format: latex\n\nTitle\n=====\n\n"
        ":raw-latex:`\\newpage`\n\n:raw-latex:`\\configfile{a.yml}{1-1}{C}`\n"
    )
    assert run_configfile("migrate", page.name, cwd=tmp_path).returncode == 0
    text = page.read_text()
    assert ".. role:: raw-latex(raw)" in text and ":raw-latex:`\\newpage`" in text
    assert ".. configfile:: a.yml\n   :lines: 1\n   :caption: C\n" in text


def test_block_macro_sharing_its_line_with_other_latex_is_refused(tmp_path, run_configfile):
    page = tmp_path / "block.rst"
    content = (
        b"Title\n=====\n\n.. raw:: latex\n\n   \\begin{itemize*}\n"
        b"   \\newpage \\configfile{a.yml}{1-2}{After a page break}\n   \\end{itemize*}\n"
    )
    page.write_bytes(content)
    result = run_configfile("migrate", page.name, cwd=tmp_path)
    assert result.returncode == 2
    assert "block.rst:7: \\configfile shares its line with other LaTeX" in result.stderr
    assert page.read_bytes() == content


def test_block_is_split_around_its_macros_keeping_options_and_crlf(tmp_path, run_configfile):
    page = tmp_path / "crlf.rst"
    page.write_bytes(
        b"T\r\n=\r\n\r\n- item\r\n\r\n  .. raw:: latex\r\n     :class: keep\r\n\r\n"
        b"     \\newpage\r\n     \\configfile{a.yml}{}{Whole}% why\r\n     \\clearpage\r\n"
        b"After.\r\n"
    )
    assert run_configfile("migrate", page.name, cwd=tmp_path).returncode == 0
    assert page.read_bytes() == (
        b"T\r\n=\r\n\r\n- item\r\n\r\n  .. raw:: latex\r\n     :class: keep\r\n\r\n"
        b"     \\newpage\r\n\r\n  .. configfile:: a.yml\r\n     :caption: Whole\r\n\r\n"
        b"  .. raw:: latex\r\n     :class: keep\r\n\r\n     % why\r\n     \\clearpage\r\n\r\n"
        b"After.\r\n"
    )


def test_block_for_several_formats_is_migrated_like_a_latex_block(tmp_path, run_configfile):
    page = tmp_path / "formats.rst"
    page.write_text(
        "T\n=\n\n.. raw:: html latex\n\n   \\configfile{a.yml}{2-3}{C}\n\n"
        ".. raw:: html\n\n   \\configfile{not}{for}{latex}\n"
    )
    assert run_configfile("migrate", page.name, cwd=tmp_path).returncode == 0
    assert page.read_text() == (
        "T\n=\n\n.. configfile:: a.yml\n   :lines: 2-3\n   :caption: C\n\n"
        ".. raw:: html\n\n   \\configfile{not}{for}{latex}\n"
    )


def test_role_mixing_a_macro_with_other_latex_is_refused(tmp_path, run_configfile):
    page = tmp_path / "mixed.rst"
    content = b"T\n=\n\n:raw-latex:`\\newpage\\configfile{a.yml}{1-2}{C}`\n"
    page.write_bytes(content)
    result = run_configfile("migrate", page.name, cwd=tmp_path)
    assert result.returncode == 2
    assert "mixed.rst:4: the role mixes \\configfile with other LaTeX" in result.stderr
    assert page.read_bytes() == content


def test_a_page_that_is_not_utf8_is_named_at_its_line_and_left_alone(tmp_path, run_configfile):
    page = tmp_path / "latin1.rst"
    data = b"Title\n=====\n\nCaf\xe9 :raw-latex:`\\configfile{a.yml}{1}{A}`\n"
    page.write_bytes(data)
    result = run_configfile("migrate", page.name, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "configfile: latin1.rst:4: not UTF-8 (byte 0xe9); save it as UTF-8"
    )
    assert page.read_bytes() == data


def test_a_page_with_lone_cr_line_endings_is_refused_and_left_alone(tmp_path, run_configfile):
    page = tmp_path / "mac.rst"
    data = b"Title\r=====\r\r:raw-latex:`\\configfile{a.yml}{1-2}{Cap}`\r"
    page.write_bytes(data)
    result = run_configfile("migrate", page.name, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "configfile: mac.rst: lines end in a lone CR (classic Mac); "
        "convert the page to LF or CRLF line endings and run again\n"
    )
    assert page.read_bytes() == data
