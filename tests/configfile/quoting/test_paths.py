"""Where a config argument leads, and what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx_configfile.excerpt.paths import (
    ConfigPathError,
    configs_root,
    relative_to_root,
    resolve_config_path,
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    configs = tmp_path / "configs"
    (configs / "IM" / "ejabberd" / "14.12").mkdir(parents=True)
    (configs / "IM" / "ejabberd" / "14.12" / "ejabberd.yml").write_text("a: 1\n")
    (configs / "top.yml").write_text("b: 2\n")
    (tmp_path / "secret.yml").write_text("c: 3\n")
    return configs


def test_section_and_subsection_prefix_the_argument(root: Path) -> None:
    path = resolve_config_path(root, "IM", "ejabberd", "14.12/ejabberd.yml")
    assert path == (root / "IM/ejabberd/14.12/ejabberd.yml").resolve()
    assert relative_to_root(root, path) == "IM/ejabberd/14.12/ejabberd.yml"


def test_without_section_the_argument_is_under_the_root(root: Path) -> None:
    assert resolve_config_path(root, None, None, "top.yml") == (root / "top.yml").resolve()


def test_leading_slash_starts_at_the_root_whatever_the_section(root: Path) -> None:
    assert resolve_config_path(root, "IM", "ejabberd", "/top.yml") == (root / "top.yml").resolve()


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("../../../secret.yml", "leads outside the configs root"),
        ("14.12/../../../../secret.yml", "leads outside the configs root"),
        ("missing.yml", "config file not found"),
        ("/etc/passwd", "config file not found"),
        ("", "no config file given"),
        ("14.12", "is a directory; name a config file in it"),
        ("a\0b.yml", "'a\\x00b.yml': a NUL character cannot be part of a file name"),
    ],
)
def test_escapes_and_missing_files_are_refused(root: Path, argument: str, message: str) -> None:
    with pytest.raises(ConfigPathError) as caught:
        resolve_config_path(root, "IM", "ejabberd", argument)
    assert message in str(caught.value)


def test_symlink_out_of_the_root_is_refused(root: Path) -> None:
    (root / "link.yml").symlink_to(root.parent / "secret.yml")
    with pytest.raises(ConfigPathError) as caught:
        resolve_config_path(root, None, None, "link.yml")
    assert "is a symlink to" in str(caught.value)


def test_symlink_inside_the_root_is_followed(root: Path) -> None:
    (root / "alias.yml").symlink_to(root / "top.yml")
    assert resolve_config_path(root, None, None, "alias.yml") == (root / "top.yml").resolve()


def test_configs_root_is_taken_from_the_conf_directory_with_symlinks_resolved(
    tmp_path: Path,
) -> None:
    (tmp_path / "real" / "configs").mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    root = configs_root(tmp_path / "docs", "../link/configs")
    assert isinstance(root, Path)
    assert root == (tmp_path / "real" / "configs").resolve()
    assert configs_root(str(tmp_path / "docs"), "/abs/configs") == Path("/abs/configs")
