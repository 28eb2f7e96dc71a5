"""ejabberd.yml parser: values with lines, located errors, no object construction."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tls_manifesto.model import ConfigError
from tls_manifesto.parsers.yaml_config import YamlMap, YamlScalar, YamlSeq, parse_yaml

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "parsers" / "yaml"


def parse_fixture(name: str) -> YamlMap:
    path = FIXTURES / name
    return parse_yaml(path.read_text(), str(path))


def test_values_keep_their_line_numbers() -> None:
    tree = parse_yaml(
        "hosts:\n  - example.org\nlisten:\n  -\n    port: 5222\n    starttls_required: true\n",
        "ejabberd.yml",
    )
    hosts = tree.get("hosts")
    assert isinstance(hosts, YamlSeq)
    assert hosts.items[0] == YamlScalar("example.org", 2)
    listen = tree.get("listen")
    assert isinstance(listen, YamlSeq)
    listener = listen.items[0]
    assert isinstance(listener, YamlMap)
    assert listener.get("port") == YamlScalar(5222, 5)
    assert listener.get("starttls_required") == YamlScalar(True, 6)
    assert tree.key_line("listen") == 3


def test_scalars_follow_yaml_core_schema() -> None:
    tree = parse_yaml("a: 0x1F\nb: 1.5\nc: null\nd: 010\ne: 'true'\nf: false\n", "x.yml")
    values = {key.value: value.value for key, value in tree.items if isinstance(value, YamlScalar)}
    assert values == {"a": 31, "b": 1.5, "c": None, "d": 10, "e": "true", "f": False}


@pytest.mark.parametrize(
    ("fixture", "line", "message"),
    [
        ("python-tag.yml", 3, "unsupported YAML tag"),
        ("custom-tag.yml", 2, "unsupported YAML tag '!port'"),
        ("unclosed-flow.yml", 2, "expected ',' or ']'"),
        ("list-top.yml", 1, "the top level of ejabberd.yml must be a mapping"),
    ],
)
def test_malformed_yaml_is_a_located_error(fixture: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_fixture(fixture)
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{FIXTURES / fixture}:{line}: ")


def test_an_alias_bomb_stays_small_because_aliases_read_as_anchor_names() -> None:
    """fast_yaml (ejabberd's reader) gives ``*a`` as the text "a": nothing expands."""
    started = time.monotonic()
    tree = parse_fixture("alias-bomb.yml")
    assert time.monotonic() - started < 5
    b = tree.get("b")
    assert isinstance(b, YamlSeq)
    assert [(item.value, item.alias) for item in b.items] == [("a", True)] * 9


def test_python_tag_constructs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "created"
    text = (
        "x: !!python/object/apply:pathlib.Path.touch"
        f' [!!python/object/apply:pathlib.Path ["{marker}"]]\n'
    )
    with pytest.raises(ConfigError):
        parse_yaml(text, "evil.yml")
    assert not marker.exists()


def test_second_document_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_yaml("hosts: []\n---\nhosts: []\n", "two.yml")
    assert caught.value.line == 3  # where the second document's content starts
