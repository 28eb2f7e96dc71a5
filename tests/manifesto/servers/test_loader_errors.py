"""What ``load_config`` turns into a ConfigError: bad input, never a bug of the checker."""

from __future__ import annotations

from pathlib import Path

import pytest
from tls_manifesto.cli.main import main
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigError
from tls_manifesto.servers.ejabberd import interpret

CONFIG = "hosts:\n  - example.org\nlisten:\n  -\n    port: 5222\n    module: ejabberd_c2s\n"


def _broken_interpreter(*args: object, **kwargs: object) -> None:
    raise AttributeError("'NoneType' object has no attribute 'value'")


def test_a_bug_in_an_interpreter_surfaces_as_the_bug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "ejabberd.yml"
    config.write_text(CONFIG, encoding="utf-8")
    assert load_config(config).endpoints  # reads before the bug is planted
    monkeypatch.setattr(interpret, "interpret_ejabberd", _broken_interpreter)
    with pytest.raises(AttributeError, match="has no attribute 'value'"):
        load_config(config)
    with pytest.raises(AttributeError):
        main(["check", str(config)])  # not "exit 2: your config is bad"


@pytest.mark.parametrize("error", [TypeError("x"), KeyError("port"), IndexError("i")])
def test_no_exception_of_ours_is_reported_as_a_bad_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise error

    config = tmp_path / "ejabberd.yml"
    config.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setattr(interpret, "interpret_ejabberd", broken)
    with pytest.raises(type(error)):
        load_config(config)


def test_too_deep_for_the_stack_is_a_located_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def too_deep(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    config = tmp_path / "ejabberd.yml"
    config.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setattr(interpret, "interpret_ejabberd", too_deep)
    with pytest.raises(ConfigError, match=r"ejabberd\.yml: .*nests too deeply") as raised:
        load_config(config)
    assert raised.value.path == str(config)
