"""A lock or page that is a symlink is written through the link, never replaced by a copy."""

from __future__ import annotations

PAGE = """\
Guide
=====

.. configfile-section:: IM

srv
---

.. configfile:: a.conf
   :lines: 2
"""

LEGACY_PAGE = """\
Guide
=====

srv
---

:raw-latex:`\\gdef\\currentsectionname{IM}`

:raw-latex:`\\configfile{a.conf}{2-2}{Second}`
"""


def test_lock_through_a_symlink_updates_its_target(make_project, run_configfile, tmp_path):
    guide = make_project(PAGE, {"IM/srv/a.conf": "one\ntwo\n"})
    shared = tmp_path / "shared" / "guide.lock"
    shared.parent.mkdir()
    shared.write_text("{}\n")
    link = guide / "source/configfiles.lock"
    link.symlink_to(shared)
    result = run_configfile("lock", cwd=guide)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert '"index::IM/srv/a.conf::#1"' in shared.read_text()


def test_dangling_lock_symlink_is_refused_and_kept(make_project, run_configfile, tmp_path):
    guide = make_project(PAGE, {"IM/srv/a.conf": "one\ntwo\n"})
    link = guide / "source/configfiles.lock"
    link.symlink_to(tmp_path / "nowhere" / "guide.lock")
    result = run_configfile("lock", cwd=guide)
    assert result.returncode == 2
    assert result.stderr == f"configfile: {link}: cannot write: No such file or directory\n"
    assert link.is_symlink()


def test_fix_and_migrate_write_a_symlinked_page_through_the_link(
    make_project, run_configfile, tmp_path
):
    guide = make_project("", {"IM/srv/a.conf": "one\ntwo\n"})
    real_page = tmp_path / "pages" / "index.rst"
    real_page.parent.mkdir()
    real_page.write_text(LEGACY_PAGE)
    page = guide / "source/index.rst"
    page.unlink()
    page.symlink_to(real_page)
    result = run_configfile("migrate", "source/index.rst", cwd=guide)
    assert result.returncode == 0, result.stderr
    assert page.is_symlink()
    assert ".. configfile:: a.conf" in real_page.read_text()
    assert run_configfile("lock", cwd=guide).returncode == 0
    config = guide / "configs/IM/srv/a.conf"
    config.write_text("zero\n" + config.read_text())
    result = run_configfile("verify", "--fix", cwd=guide)
    assert result.returncode == 0, result.stdout + result.stderr
    assert page.is_symlink()
    assert ":lines: 3" in real_page.read_text()
