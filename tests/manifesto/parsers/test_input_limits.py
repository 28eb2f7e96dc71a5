"""Inputs built to hurt: deep nesting, call chains and huge files end in a located error, fast.

Each limit is probed on both sides: the deepest input allowed loads, one
level more is refused at the line of the first value past the limit, and a
20,000-level input is refused in well under a second of parsing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tls_manifesto.engine.loader import load_config
from tls_manifesto.model import ConfigError
from tls_manifesto.parsers.lua_nesting import MAX_CALLS_IN_A_ROW
from tls_manifesto.reading.limits import MAX_CONFIG_BYTES, MAX_NESTING

NESTING_MESSAGE = f"nesting deeper than {MAX_NESTING} levels (no server config needs that many)"

# name -> (file name, text nested ``depth`` levels, the line the error names). The deep
# value sits under an option no interpreter reads, so only the nesting can fail it.
NESTED: dict[str, tuple[str, Callable[[int], str], int]] = {
    "yaml flow list": (
        "ejabberd.yml",
        lambda depth: "hosts: [x]\nloglevel: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n",
        2,
    ),
    "yaml block mappings": (
        "ejabberd.yml",
        lambda depth: (
            "hosts: [x]\n"
            + "".join("  " * i + f"k{i}:\n" for i in range(depth - 1))
            + "  " * (depth - 1)
            + "v: 1\n"
        ),
        MAX_NESTING + 2,
    ),
    "erlang list": (
        "ejabberd.cfg",
        lambda depth: (
            '{hosts, ["x"]}.\n{loglevel,\n ' + "[" * (depth - 1) + "]" * (depth - 1) + "}.\n"
        ),
        3,
    ),
    "lua table": (
        "prosody.cfg.lua",
        lambda depth: "-- deep\nmotd = " + "{" * depth + "}" * depth + "\n",
        2,
    ),
    "lua blocks": (
        "prosody.cfg.lua",
        lambda depth: "-- deep\n" + "if true then\n" * depth + "end\n" * depth,
        2 + MAX_NESTING,
    ),
}


@pytest.mark.parametrize("case", sorted(NESTED))
def test_the_deepest_nesting_allowed_loads(tmp_path: Path, case: str) -> None:
    name, make, _ = NESTED[case]
    path = tmp_path / name
    path.write_text(make(MAX_NESTING))
    load_config(path)


@pytest.mark.parametrize("case", sorted(NESTED))
@pytest.mark.parametrize("far", [False, True], ids=["one-past", "far-past"])
def test_nesting_past_the_limit_is_a_located_error(tmp_path: Path, case: str, far: bool) -> None:
    name, make, line = NESTED[case]
    path = tmp_path / name
    # 20,000 levels; indented YAML that deep would pass the size limit first.
    depth = (300 if "block" in case else 20_000) if far else MAX_NESTING + 1
    path.write_text(make(depth))
    started = time.process_time()
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}:{line}: {NESTING_MESSAGE}"
    assert time.process_time() - started < 5


def test_lua_call_chains_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "prosody.cfg.lua"
    path.write_text('Component "conference.example.org" "muc"\nx = f' + "()" * MAX_CALLS_IN_A_ROW)
    load_config(path)
    path.write_text("-- chained\nx = f" + "()" * (MAX_CALLS_IN_A_ROW + 1) + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert (
        str(caught.value) == f"{path}:2: more than {MAX_CALLS_IN_A_ROW} calls in a row (f()()...)"
    )


def test_brackets_in_lua_strings_and_comments_do_not_count(tmp_path: Path) -> None:
    path = tmp_path / "prosody.cfg.lua"
    deep = "{" * (MAX_NESTING + 1)
    path.write_text(
        f'-- {deep}\n--[[ {deep} ]]\nmotd = "{deep}"\nother = [==[ {deep} ]==]\nx = f "a" "b" "c"\n'
    )
    load_config(path)


@pytest.mark.parametrize("name", ["ejabberd.yml", "ejabberd.cfg", "prosody.cfg.lua", "ircd.conf"])
def test_a_file_past_the_size_limit_is_refused_before_parsing(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    comment = (
        "#" if name in {"ejabberd.yml", "ircd.conf"} else ("%" if name.endswith("cfg") else "--")
    )
    path.write_text(
        (comment + " padding\n") * (MAX_CONFIG_BYTES // len(comment + " padding\n") + 1)
    )
    assert path.stat().st_size > MAX_CONFIG_BYTES
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == (
        f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KiB (no server config is that big)"
    )
    path.write_text(path.read_text()[:MAX_CONFIG_BYTES])
    load_config(path)  # exactly at the limit: read
